// The requests of one burst (issue 12, item 5): distinct signed Typeform visits, some sent twice (a sender's
// redelivery, often while the first copy is still being delivered), some with a forged signature, shuffled
// with a fixed seed and dealt to the processes the way a load balancer deals them to Lambda containers.
import type { HttpRequestSpec } from "@smx/webhooks/testing/apigw.ts";
import { typeformVisitRequest } from "@smx/webhooks/testing/cases.ts";
import { typeformSignature } from "@smx/webhooks/testing/signing.ts";
import type { BurstRequest } from "./protocol.ts";

export interface BurstShape {
  /** Requests in all. */
  requests: number;
  /** Shares of the requests that repeat an earlier event, and that carry a bad signature. */
  duplicateShare: number;
  forgedShare: number;
  processes: number;
}

export type PlannedRequest = BurstRequest & {
  /** Which event it carries (forged ones carry none the sandbox should see). */
  kind: "event" | "duplicate" | "forged";
};

export interface BurstPlan {
  /** The distinct authentic events, by their visit date (one customer, one day per event). */
  dates: string[];
  /** Per process, its requests in the order it receives them. */
  perProcess: PlannedRequest[][];
}

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2031, 0, 1);

/** A small deterministic generator (mulberry32), so every run sends the same mix in the same order. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A signed Typeform visit as the sender sends it. */
function asSent(request: HttpRequestSpec): BurstRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers ?? {},
    body: String(request.body),
  };
}

/** The same request signed with a secret that is not the hook's: a forgery, or a sender with an old key. */
function forge(request: BurstRequest): BurstRequest {
  return {
    ...request,
    headers: { ...request.headers, ...typeformSignature("not-the-hook-secret", request.body) },
  };
}

export function planBurst(shape: BurstShape, runId: string, custNo: string): BurstPlan {
  const random = seeded(12);
  const forged = Math.round(shape.requests * shape.forgedShare);
  const duplicates = Math.round(shape.requests * shape.duplicateShare);
  const distinct = shape.requests - forged - duplicates;
  const dates = Array.from({ length: distinct }, (_, i) =>
    new Date(FIRST_DAY + i * DAY_MS).toISOString().slice(0, 10),
  );
  const events = dates.map((date, i) => asSent(typeformVisitRequest(`${runId}-${i}`, custNo, date)));
  const all: PlannedRequest[] = [
    ...events.map((r) => ({ ...r, kind: "event" as const })),
    ...Array.from({ length: forged }, (_, i) => ({
      ...forge(events[i % distinct]!),
      kind: "forged" as const,
    })),
  ];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  // Each duplicate goes in shortly after its original (within the next 40 requests), as a sender's retry on
  // a slow answer does: often while the first copy is still in flight, sometimes to another container.
  for (let n = 0; n < duplicates; n++) {
    const original = Math.floor(random() * distinct);
    const at = all.findIndex((r) => r.kind === "event" && r.body === events[original]!.body);
    all.splice(Math.min(all.length, at + 1 + Math.floor(random() * 40)), 0, {
      ...events[original]!,
      kind: "duplicate",
    });
  }
  const perProcess: PlannedRequest[][] = Array.from({ length: shape.processes }, () => []);
  for (const [i, request] of all.entries()) perProcess[i % shape.processes]!.push(request);
  return { dates, perProcess };
}
