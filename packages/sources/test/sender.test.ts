// The test sender (src/sender): requests to a hook made as its sender makes them, and sample payloads with
// fresh ids and times. What it signs is verified by the same scheme objects the webhooks app uses.
import { describe, expect, it } from "vitest";
import { authenticate } from "../src/auth/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { normalizeInbound } from "../src/inbound.ts";
import { sourceAdapter } from "../src/registry.ts";
import { SamplePayloadError, UnsignableHookError } from "../src/sender/errors.ts";
import { asInboundRequest, hookRequest } from "../src/sender/requests.ts";
import { EXAMPLE_PAYLOADS_DIR, freshSample, samplePayload } from "../src/sender/samples.ts";
import { exampleContext } from "./http-helpers.ts";

const EXAMPLES = new URL("../../../examples/", import.meta.url);
const EXAMPLE_CONFIG = new URL("smx.config.json", EXAMPLES).pathname;

describe("hook requests", () => {
  const hooks = new Map(loadConfig(EXAMPLE_CONFIG, {}).hooks.map((hook) => [hook.id, hook]));
  const base = {
    baseUrl: "http://127.0.0.1:3000/",
    body: new Uint8Array([123, 125]),
    contentType: "application/json",
  };

  it("authenticates each generic scheme as its sender does", () => {
    expect(hookRequest(hooks.get("zapier-visits")!, { ...base, secret: "k" }).headers["x-api-key"]).toBe("k");
    expect(hookRequest(hooks.get("make-orders")!, { ...base, secret: "u:p" }).headers.authorization).toBe(
      `Basic ${Buffer.from("u:p").toString("base64")}`,
    );
    expect(hookRequest(hooks.get("html-form-visits")!, { ...base, secret: "t/1" }).url).toBe(
      "http://127.0.0.1:3000/hooks/html-form-visits?token=t%2F1",
    );
  });

  it("refuses to sign a signature hook whose source has no provider scheme", () => {
    const hook = { ...hooks.get("typeform-visit-request")!, source: "zapier" as const };
    expect(() => hookRequest(hook, { ...base, secret: "s" })).toThrow(UnsignableHookError);
  });

  it("finds sample payloads with their content type, and names the files it looked for", () => {
    expect(samplePayload("make").contentType).toBe("application/json");
    expect(samplePayload("zapier").contentType).toBe("application/x-www-form-urlencoded");
    expect(samplePayload("jotform").contentType).toMatch(
      /^multipart\/form-data; boundary=-+smxJotformBoundary/,
    );
    expect(() => samplePayload("nope")).toThrow(SamplePayloadError);
    expect(() => samplePayload("nope")).toThrow(/nope\.json or nope\.txt/);
  });
});

describe("sample requests from every example hook", () => {
  const config = loadConfig(EXAMPLE_CONFIG, {});
  // Long after the bundled samples' own submission times: they must still be accepted, and be new events.
  const now = Date.UTC(2027, 5, 1);

  it.each(config.hooks.map((hook) => [hook.id, hook] as const))(
    "%s: authenticated by its hook's scheme and normalized, with fresh ids and times",
    (_id, hook) => {
      const context = exampleContext(hook.id, now);
      const sample = freshSample(hook.source, samplePayload(hook.source), now);
      const made = hookRequest(hook, {
        baseUrl: "http://127.0.0.1:3000",
        secret: context.secrets[0]!,
        body: sample.body,
        contentType: sample.contentType,
        now,
      });
      const request = asInboundRequest(made, now);
      expect(() => authenticate(request, context, sourceAdapter(hook.source))).not.toThrow();
      expect(normalizeInbound(request, context).kind).toBe("event");
      // A second sample is another event: its native ids differ.
      const again = freshSample(hook.source, samplePayload(hook.source), now);
      if (sourceAdapter(hook.source).sampleStamps !== undefined)
        expect(Buffer.from(again.body).equals(Buffer.from(sample.body))).toBe(false);
    },
  );

  it("leaves a sample of a source that names no stamps as it is", () => {
    const zapier = samplePayload("zapier");
    expect(freshSample("zapier", zapier, Date.now())).toBe(zapier);
    expect(EXAMPLE_PAYLOADS_DIR).toMatch(/examples\/payloads$/);
  });
});
