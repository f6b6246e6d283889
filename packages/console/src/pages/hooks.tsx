/** @jsxImportSource hono/jsx */
// Hooks: each configured hook's URL, source, action and auth scheme (never a secret, never a URL token),
// its events by status over the last 24 hours and 7 days (the hook index, bounded by time), and its latest
// events.
import { EVENT_STATUSES, type EventStatus } from "@smx/core";
import { type HookAuth, type HookConfig, hookUrl } from "@smx/sources";
import { type ConsoleContext, type ConsoleDeps, sendPage, userOf } from "../env.ts";
import { Page, StatusBadge, Time } from "../layout.tsx";
import { COUNT_CAP, type HookActivity, hookActivity } from "../stats.ts";

export async function hooksPage(c: ConsoleContext, deps: ConsoleDeps) {
  const now = deps.clock.now();
  const hooks = [...deps.runtime.hooks.values()];
  const activity = await Promise.all(hooks.map((hook) => hookActivity(deps.runtime.ledger, hook.id, now)));
  const base = new URL(c.req.url).origin;
  return sendPage(
    c,
    <Page title="Hooks" section="hooks" user={userOf(c)}>
      {hooks.map((hook, i) => (
        <HookSection hook={hook} url={shownUrl(base, hook)} activity={activity[i]!} />
      ))}
    </Page>,
  );
}

function HookSection({ hook, url, activity }: { hook: HookConfig; url: string; activity: HookActivity }) {
  const statuses = EVENT_STATUSES.filter((s) => activity.last7d[s] !== undefined);
  return (
    <section aria-labelledby={`hook-${hook.id}`}>
      <h2 id={`hook-${hook.id}`}>
        {hook.id} {hook.disabled && <span class="status s-dead">disabled</span>}
      </h2>
      {hook.description && <p class="muted">{hook.description}</p>}
      <dl class="facts">
        <dt>URL</dt>
        <dd>
          <code>{url}</code>
        </dd>
        <dt>source → action</dt>
        <dd>
          {hook.source} → {hook.action} (connection {hook.connection}, {hook.customerPolicy})
        </dd>
        <dt>auth</dt>
        <dd>{describeAuth(hook.auth)}</dd>
      </dl>
      <div class="scroll">
        <table>
          <caption class="muted">{`Events by status${activity.capped ? ` (first ${COUNT_CAP} of the week)` : ""}`}</caption>
          <thead>
            <tr>
              <th scope="col">status</th>
              <th scope="col">last 24 h</th>
              <th scope="col">last 7 days</th>
            </tr>
          </thead>
          <tbody>
            {statuses.length === 0 ? (
              <tr>
                <td colspan={3}>No events in the last 7 days.</td>
              </tr>
            ) : (
              statuses.map((status: EventStatus) => (
                <tr>
                  <td>
                    <a href={`/console/events?hook=${encodeURIComponent(hook.id)}&status=${status}`}>
                      <StatusBadge status={status} />
                    </a>
                  </td>
                  <td>{activity.last24h[status] ?? 0}</td>
                  <td>{activity.last7d[status] ?? 0}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {activity.latest.length > 0 && (
        <p>
          Latest:{" "}
          {activity.latest.map((record) => (
            <>
              <a href={`/console/events/${record.eventId}`}>
                <Time iso={record.receivedAt} />
              </a>{" "}
              <StatusBadge status={record.status} />{" "}
            </>
          ))}
          <a href={`/console/events?hook=${encodeURIComponent(hook.id)}`}>all events of this hook</a>
        </p>
      )}
    </section>
  );
}

/** The hook's URL as a sender gets it; a URL token is shown by its parameter's name only. */
function shownUrl(base: string, hook: HookConfig): string {
  const url = hookUrl(base, hook.id);
  return hook.auth.scheme === "url-token" ? `${url}?${hook.auth.param}=<token>` : url;
}

function describeAuth(auth: HookAuth): string {
  const refs = `${auth.secrets.length} secret${auth.secrets.length === 1 ? "" : "s"}`;
  switch (auth.scheme) {
    case "signature":
      return `the source's signature (tolerance ${auth.toleranceSeconds} s; ${refs})`;
    case "api-key":
      return `API key in header ${auth.header} (${refs})`;
    case "basic":
      return `HTTP Basic (${refs})`;
    case "url-token":
      return `token in query parameter ${auth.param} (${refs})`;
  }
}
