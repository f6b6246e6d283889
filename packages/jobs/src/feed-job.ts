// A calendar feed → visits (docs/calendar.md, docs/jobs.md). One run: read the feed's snapshot, fetch the
// feed conditionally (an unchanged feed answers 304: no parse, no SalesMania call, no write), expand the
// window, match customers, diff against the snapshot, create the visits of new and moved occurrences
// through the pipeline, record everything else, store the new snapshot. A run that fails before the
// snapshot is stored is simply done again: the ledger answers the visits it created as duplicates.
import {
  type Change,
  diffFeed,
  expandIcs,
  type FeedConfig,
  type FeedSnapshot,
  feedWindow,
  fetchFeed,
  OccurrenceMatcher,
  type PriorVisit,
  redactUrl,
} from "@smx/calendar";
import type { DirectoryStore, Job, JobContext, SecretsProvider } from "@smx/core";
import { createVisits, type VisitRequest, type VisitSink } from "./visits.ts";

export interface FeedJobDeps {
  sink: Omit<VisitSink, "hookId" | "connectionId" | "source">;
  directory: Pick<DirectoryStore, "findCustomer">;
  secrets: SecretsProvider;
  fetch?: typeof globalThis.fetch;
  /** The feed's zone when it sets none: its connection's. */
  timeZone: string;
}

export interface FeedJobOptions {
  /** Ignore the stored validators: fetch and match again even if the feed did not change (after a directory change). */
  refetch?: boolean;
}

export const SNAPSHOT_STATE = "snapshot";

function origin(address: string): string {
  try {
    return redactUrl(new URL(address));
  } catch {
    return "(feed)";
  }
}

/** The item of an occurrence that will not happen: which visit, if any, an operator removes by hand. */
function removal(key: string, date: string, what: string, visit: PriorVisit | undefined) {
  const detail = visit
    ? `${what}; its visit ${visit.visitKey} on ${visit.date} stays in SalesMania (remove by hand)`
    : `${what}; no visit was created for it`;
  return { key, date, detail };
}

/** Records what a change means for an operator; returns the visit to create, if it asks for one. */
function record(context: JobContext, change: Change): VisitRequest | undefined {
  const { tally } = context;
  switch (change.kind) {
    case "new":
    case "moved": {
      const { occurrence, customerId, visitKey } = change;
      if (change.kind === "moved")
        tally.add("superseded", {
          key: change.superseded.visitKey,
          date: change.superseded.date,
          customerId: change.superseded.customerId,
          detail: `moved to ${occurrence.date} (customer ${customerId}); remove the old visit by hand if it was kept`,
        });
      return {
        key: visitKey,
        date: occurrence.date,
        customer: { id: customerId },
        customerId,
        detail: occurrence.summary,
      };
    }
    case "cancelled":
      tally.add(
        "cancelled",
        removal(change.key, change.occurrence.date, "cancelled in the calendar", change.visit),
      );
      return undefined;
    case "vanished":
      tally.add("vanished", removal(change.key, change.date, "gone from the feed", change.visit));
      return undefined;
    case "unmatched":
      tally.add("unmatched", {
        key: change.key,
        date: change.occurrence.date,
        detail: `${change.reason}: ${change.detail} (summary: ${JSON.stringify(change.occurrence.summary.slice(0, 120))})`,
      });
      return undefined;
    case "unchanged":
      tally.bump("unchanged");
      return undefined;
  }
}

export function feedJob(id: string, feed: FeedConfig, deps: FeedJobDeps, options: FeedJobOptions = {}): Job {
  const hookId = `feed:${feed.id}` as const;
  return {
    id,
    kind: "feed",
    async run(context) {
      const previous = (await context.state.get(SNAPSHOT_STATE)) as FeedSnapshot | undefined;
      const address = await deps.secrets.getSecret(feed.urlSecret);
      // A dry run and a refetch look at the whole feed even when it did not change.
      const conditional = !(context.dryRun || options.refetch);
      const fetched = await fetchFeed(address, {
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(conditional && previous?.validators ? { previous: previous.validators } : {}),
        ...feed.fetch,
      });
      if (fetched.status === "not_modified") {
        context.tally.bump("notModified");
        context.logger.info("feed not modified since the last run");
        return;
      }
      const timeZone = feed.timeZone ?? deps.timeZone;
      const window = feedWindow(context.startedAt, feed.windowDays, timeZone);
      const expansion = expandIcs(fetched.text, {
        from: window.from,
        to: window.to,
        timeZone,
        origin: origin(address),
      });
      for (const problem of expansion.problems)
        context.tally.add("failed", {
          key: problem.uid ?? "(no UID)",
          detail: `${problem.code}: ${problem.message}`,
        });
      const matcher = new OccurrenceMatcher(feed.match, {
        directory: deps.directory,
        connectionId: feed.connection,
      });
      const diff = diffFeed({
        previous,
        matched: await matcher.matchAll(expansion.occurrences),
        incompleteUids: expansion.incompleteUids,
        window: window.dates,
        validators: fetched.validators,
      });
      const visits = diff.changes
        .map((change) => record(context, change))
        .filter((visit) => visit !== undefined);
      const sink: VisitSink = {
        ...deps.sink,
        hookId,
        connectionId: feed.connection,
        source: "calendar-feed",
      };
      await createVisits(context, sink, visits);
      await context.state.put(SNAPSHOT_STATE, diff.snapshot);
    },
  };
}
