// Property-based fuzzing of every source's parse → normalize path and of the mapping transforms (issue 9,
// item 9), in-process: SMX_FUZZ_RUNS inputs per source (default 10,000), seeded and reproducible
// (SMX_FUZZ_SEED; the seed is printed). Properties for every input:
// - never a 500: whatever is thrown is an InboundError with a 4xx status (a TransformError for transforms);
// - always an error naming the problem: a machine code and a short message that quotes no more than an excerpt;
// - bounded work: the time an input takes stays within RATIO × the time of a harmless input of the same size
//   (a ratio measured now, never an absolute time); a super-linear path shows as a ratio in the hundreds.
// functions/webhooks/test/fuzz-http.test.ts sends a smaller sample through the real Lambda handler.
import { Command } from "@smx/core";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { InboundRequest } from "../src/adapter.ts";
import { authenticate } from "../src/auth/index.ts";
import type { SourceKind, Transform } from "../src/config/hooks.ts";
import { AuthenticationError, InboundError } from "../src/errors.ts";
import { applyTransform, TransformError } from "../src/mapping/transforms.ts";
import { sourceAdapter } from "../src/registry.ts";
import {
  adversarialString,
  bodyArbitrary,
  examplePayload,
  type FuzzBody,
  fuzzSeed,
  paddedSample,
  type Sample,
} from "../src/testing/fuzz.ts";
import { exampleContext } from "./http-helpers.ts";

const SEED = fuzzSeed();
const RUNS = Number(process.env.SMX_FUZZ_RUNS ?? 10_000);
/** How much slower than the linear baseline of its size an input may be before it counts as a blow-up. */
const RATIO = 50;
console.log(`fuzz seed ${SEED}, ${RUNS} inputs per source (SMX_FUZZ_SEED=${SEED} reproduces this run)`);

/** The example configuration's hook for each source kind, whose sample payload the bodies start from. */
const HOOKS: Record<SourceKind, string> = {
  zapier: "zapier-visits",
  make: "make-orders",
  "html-form": "html-form-visits",
  jotform: "jotform-visits",
  "google-forms": "google-forms-visits",
  typeform: "typeform-visit-request",
  tally: "tally-restock-visit",
  calendly: "calendly-visits",
  "cal-com": "calcom-visits",
  "standard-webhooks": "erp-order-status",
  "google-calendar": "google-calendar-visits",
};

function request(input: Sample, headers: Record<string, string> = {}): InboundRequest {
  return {
    method: "POST",
    url: new URL("http://localhost/hooks/fuzz?token=x"),
    headers: new Headers({ ...headers, "content-type": input.contentType }),
    body: input.body,
    receivedAt: Date.now(),
  };
}

/** Milliseconds `fn` takes; the best of `times` runs (a GC pause or a busy neighbour does not decide). */
function timed(fn: () => void, times = 1): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** A linear yardstick: fixed cost plus cost per byte, measured on harmless inputs right now. */
function linearBaseline(run: (input: Sample) => void, sample: Sample): (bytes: number) => number {
  const big = paddedSample(sample, 128 * 1024);
  const fixed = timed(() => run(sample), 20);
  const perByte = Math.max(0, timed(() => run(big), 5) - fixed) / big.body.length;
  return (bytes) => fixed + perByte * bytes;
}

/**
 * The ratio of `input`'s time to `baseline`'s, measured alternately in up to 5 rounds of 5 runs each (the best
 * of each side per round), stopping at the first round within RATIO. On a busy machine one round can catch
 * the process descheduled, or a code path compiled for the first time; a super-linear input is slow in every
 * round, so the smallest ratio seen is the one that decides.
 */
function settledRatio(input: () => void, baseline: () => void): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5 && smallest > RATIO; round++) {
    let inputBest = Number.POSITIVE_INFINITY;
    let baselineBest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 5; i++) {
      inputBest = Math.min(inputBest, timed(input));
      baselineBest = Math.min(baselineBest, timed(baseline));
    }
    smallest = Math.min(smallest, inputBest / baselineBest);
  }
  return smallest;
}

/** Runs `run` on `input`; over RATIO × the linear model, it is settled against a harmless body of its size. */
function expectBoundedWork(
  run: (input: Sample) => void,
  sample: Sample,
  input: FuzzBody,
  baseline: () => (bytes: number) => number,
) {
  const bytes = input.body.length;
  if (timed(() => run(input)) <= RATIO * baseline()(bytes)) return;
  const harmless = paddedSample(sample, bytes);
  const ratio = settledRatio(
    () => run(input),
    () => run(harmless),
  );
  expect(
    ratio,
    `a ${input.kind} body of ${bytes} bytes took ${ratio.toFixed(0)}× a harmless body of its size`,
  ).toBeLessThan(RATIO);
}

function expectNamedClientError(error: unknown, input: FuzzBody): void {
  if (!(error instanceof InboundError))
    throw new Error(`a ${input.kind} body threw ${String(error)} (the app would answer 500)`);
  expect(error.status).toBeGreaterThanOrEqual(400);
  expect(error.status).toBeLessThan(500);
  expect(error.code).toMatch(/^[a-z_]+$/);
  expect(error.message.length).toBeGreaterThan(0);
  expect(error.message.length, error.message.slice(0, 200)).toBeLessThan(2_000);
}

describe.each(Object.entries(HOOKS) as [SourceKind, string][])("fuzz %s", (source, hookId) => {
  const adapter = sourceAdapter(source);
  const context = exampleContext(hookId, Date.UTC(2026, 10, 28, 4, 0, 0));
  const sample = examplePayload(source);
  const parseAndNormalize = (input: Sample) => {
    const inbound = request(input);
    try {
      adapter.normalize(adapter.parse(inbound), inbound, context);
    } catch {
      // Judged by the property below; here only the time counts.
    }
  };

  it(`parse → normalize: ${RUNS} hostile bodies, each a named 4xx or a valid command, in linear time`, () => {
    let baseline = linearBaseline(parseAndNormalize, sample);
    let sinceCalibration = 0;
    fc.assert(
      fc.property(bodyArbitrary(sample), (input) => {
        const inbound = request(input);
        try {
          const normalized = adapter.normalize(adapter.parse(inbound), inbound, context);
          if (normalized.kind === "event") expect(v.is(Command, normalized.event.command)).toBe(true);
        } catch (error) {
          expectNamedClientError(error, input);
        }
        if (++sinceCalibration > 1_000) {
          baseline = linearBaseline(parseAndNormalize, sample);
          sinceCalibration = 0;
        }
        expectBoundedWork(parseAndNormalize, sample, input, () => baseline);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("authenticate: hostile headers are refused with 401 naming the header, never anything else", () => {
    const headerNames = [
      "x-api-key",
      "authorization",
      "typeform-signature",
      "tally-signature",
      "calendly-webhook-signature",
      "x-cal-signature-256",
      "webhook-id",
      "webhook-timestamp",
      "webhook-signature",
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...headerNames), fc.string({ maxLength: 300 })),
        (headers) => {
          try {
            authenticate(request(sample, headers), context, adapter);
          } catch (error) {
            if (!(error instanceof AuthenticationError)) throw error;
            expect(error.status).toBe(401);
          }
        },
      ),
      { seed: SEED, numRuns: Math.ceil(RUNS / 10) },
    );
  });
});

describe("fuzz the mapping transforms", () => {
  const transforms: Transform[] = [
    "trim",
    "lowercase",
    "uppercase",
    "phone",
    "number",
    "integer",
    "boolean",
    "email",
    { date: {} },
    { date: { formats: ["DD/MM/YYYY HH:mm", "D-M-YYYY", "YYYY.MM.DD"] } },
    { split: "," },
    { map: { paid: "Lunas", __proto__: "x" } },
    { find: "[{code}]" },
    { find: "WA {phone}" },
  ];
  const context = { timeZone: "Asia/Jakarta" };
  const apply = (value: unknown, transform: Transform) => {
    try {
      return applyTransform(value, transform, context);
    } catch (error) {
      if (!(error instanceof TransformError)) throw error;
      expect(error.message.length).toBeLessThan(2_000);
      return undefined;
    }
  };
  /** The yardstick: parsing a number as long as the value, which scans every character. */
  const yardstick = (): ((chars: number) => number) => {
    const fixed = timed(() => apply("9".repeat(64), "number"), 20);
    const perChar = timed(() => apply("9".repeat(20_000), "number"), 5) / 20_000;
    return (chars) => fixed + perChar * chars;
  };

  it(`${RUNS} hostile values per run: a TransformError or a value, in linear time`, () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ unit: "binary", maxLength: 60 }),
      adversarialString(20_000),
    );
    const baseline = yardstick();
    fc.assert(
      fc.property(value, fc.constantFrom(...transforms), (input, transform) => {
        const took = timed(() => apply(input, transform));
        const chars = typeof input === "string" ? input.length : JSON.stringify(input).length;
        if (took <= RATIO * baseline(chars)) return;
        const harmless = "9".repeat(Math.max(64, chars));
        const ratio = settledRatio(
          () => apply(input, transform),
          () => apply(harmless, "number"),
        );
        expect(ratio, `${JSON.stringify(transform)} on ${chars} characters`).toBeLessThan(RATIO);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
