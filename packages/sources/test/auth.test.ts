import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { HookContext, SourceAdapter } from "../src/adapter.ts";
import { authenticate } from "../src/auth/index.ts";
import type { HookConfig, SourceKind } from "../src/config/hooks.ts";
import { sourceTraits } from "../src/config/sources.ts";
import { AuthenticationError } from "../src/errors.ts";
import { SOURCE_KINDS, sourceAdapter } from "../src/registry.ts";
import { type SignatureScheme, signedHeaders } from "../src/signatures/scheme.ts";
import { receivedOverHttp } from "./http-helpers.ts";
import { hookContext, inboundRequest } from "./signed-provider-helpers.ts";

type Auth = v.InferInput<typeof HookConfig>["auth"];
type AuthWithoutRefs = Auth extends infer A ? (A extends Auth ? Omit<A, "secrets"> : never) : never;

const OLD = "old-key-1234567890";
const NEW = "new-key-abcdefghij-longer";

/** The hook names secret references; `secrets` are the values they resolved to. */
function contextWith(auth: AuthWithoutRefs, secrets = [OLD, NEW]): HookContext {
  const withRefs = { ...auth, secrets: ["hooks/auth-test"] } as Auth;
  return hookContext(
    { id: "auth-test", source: "zapier", connection: "demo", action: "CreateVisit", auth: withRefs },
    secrets,
  );
}

/** An adapter whose signature scheme only records that it was asked to verify. */
function recordingAdapter(): SourceAdapter & { calls: number } {
  const adapter = {
    calls: 0,
    auth: {
      signature: {
        sign: () => ({}),
        verify() {
          adapter.calls++;
        },
      },
    },
    events: "none" as const,
    parse: () => ({}),
    normalize: () => ({ kind: "skip" as const, reason: "test" }),
  };
  return adapter;
}

async function check(context: HookContext, headers: Record<string, string>, query = "") {
  const request = await receivedOverHttp(context.hook.id, { body: "{}", headers, query });
  const adapter = recordingAdapter();
  try {
    authenticate(request, context, adapter);
    return { ok: true as const, adapterCalls: adapter.calls };
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    // Neither the configured secrets nor what was sent may appear in the message.
    for (const secret of [OLD, NEW, ...Object.values(headers), query]) {
      if (secret !== "") expect(error.message).not.toContain(secret.replace(/^\?token=/, ""));
    }
    return { ok: false as const, error };
  }
}

describe("api-key", () => {
  const context = contextWith({ scheme: "api-key" });

  it("accepts any configured key (rotation), never asking the adapter", async () => {
    expect(await check(context, { "x-api-key": OLD })).toEqual({ ok: true, adapterCalls: 0 });
    expect(await check(context, { "X-Api-Key": NEW })).toEqual({ ok: true, adapterCalls: 0 });
  });

  it("refuses a wrong key of any length (digests are compared, so no length check throws)", async () => {
    for (const key of ["guess-1", `${NEW}x`, OLD.toUpperCase()]) {
      const result = await check(context, { "x-api-key": key });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.header).toBe("x-api-key");
        expect(result.error.message).toBe(
          "header x-api-key: the API key does not match any of the hook's keys",
        );
      }
    }
  });

  it("refuses a missing key naming the header", async () => {
    const result = await check(context, {});
    expect(!result.ok && result.error.message).toBe(
      "header x-api-key: expected the hook's API key, got no value",
    );
  });

  it("reads a custom header, and a Bearer key from Authorization", async () => {
    expect(
      (await check(contextWith({ scheme: "api-key", header: "X-Zap-Key" }), { "x-zap-key": NEW })).ok,
    ).toBe(true);
    const bearer = contextWith({ scheme: "api-key", header: "authorization" });
    expect((await check(bearer, { authorization: `Bearer ${OLD}` })).ok).toBe(true);
    expect((await check(bearer, { authorization: "Bearer nope" })).ok).toBe(false);
  });

  it("fails closed when the hook has no secret value", async () => {
    const result = await check(contextWith({ scheme: "api-key" }, []), { "x-api-key": OLD });
    expect(!result.ok && result.error.message).toBe(
      'hook "auth-test" has no secret value to check header x-api-key against',
    );
  });
});

describe("basic", () => {
  const context = contextWith({ scheme: "basic" }, ["zap:pass-one", "zap:pass-two"]);
  const basic = (credentials: string) => ({
    authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
  });

  it("accepts any configured user:password", async () => {
    expect((await check(context, basic("zap:pass-one"))).ok).toBe(true);
    expect((await check(context, basic("zap:pass-two"))).ok).toBe(true);
  });

  it("refuses wrong credentials, another scheme, or none, naming the header", async () => {
    for (const headers of [basic("zap:wrong"), { authorization: "Bearer zap:pass-one" }, {}]) {
      const result = await check(context, headers);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.header).toBe("authorization");
        expect(result.error.message).toMatch(/^header Authorization: /);
      }
    }
  });
});

describe("url-token", () => {
  const context = contextWith({ scheme: "url-token" });

  it("accepts any configured token in the query", async () => {
    expect((await check(context, {}, `?token=${OLD}`)).ok).toBe(true);
    expect((await check(context, {}, `?x=1&token=${encodeURIComponent(NEW)}`)).ok).toBe(true);
  });

  it("refuses a wrong or missing token naming the parameter", async () => {
    const wrong = await check(context, {}, "?token=guess");
    expect(!wrong.ok && wrong.error.message).toBe(
      "query parameter token: the token does not match any of the hook's tokens",
    );
    const missing = await check(contextWith({ scheme: "url-token", param: "k" }), {}, `?token=${OLD}`);
    expect(!missing.ok && missing.error.message).toBe(
      "query parameter k: expected the hook's URL token, got no value",
    );
  });
});

describe("signature", () => {
  it("is the adapter's own check", async () => {
    const context = contextWith({ scheme: "signature" });
    expect(await check(context, {})).toEqual({ ok: true, adapterCalls: 1 });
  });
});

/** A signature hook of `source` whose one secret is `secret`. */
function signatureContext(source: SourceKind, secret: string): HookContext {
  return hookContext(
    {
      id: "signed-hook",
      source,
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "signature", secrets: ["hooks/signed"] },
    },
    [secret],
  );
}

function schemeOf(source: SourceKind): SignatureScheme {
  const { auth } = sourceAdapter(source);
  if (!("signature" in auth)) throw new Error(`${source} has no signature scheme`);
  return auth.signature;
}

describe("each source's signature scheme", () => {
  const body = new TextEncoder().encode('{"eventId":"e-1","note":"café ☕"}');
  const signedSources = SOURCE_KINDS.filter((kind) => "signature" in sourceAdapter(kind).auth);

  it("is what the signed sources are, as the configuration check reads them", () => {
    expect(signedSources).toEqual([
      "standard-webhooks",
      "typeform",
      "tally",
      "calendly",
      "cal-com",
      "google-calendar",
    ]);
    for (const kind of signedSources) expect(sourceTraits(kind).schemes).toEqual(["signature"]);
  });

  it.each(signedSources)("%s: verifies what its own sign made, and nothing else", (source) => {
    // A scheme that names a secret form (Standard Webhooks' `whsec_…`) gets a secret of that form.
    const secret =
      schemeOf(source).secretProblem?.("s3cret") === undefined
        ? "s3cret"
        : `whsec_${Buffer.from("k".repeat(24)).toString("base64")}`;
    const context = signatureContext(source, secret);
    const headers = signedHeaders(schemeOf(source), { secret, body, now: context.now });
    expect(() => authenticate(inboundRequest(body, headers), context, sourceAdapter(source))).not.toThrow();
    const altered = new TextEncoder().encode('{"eventId":"e-2","note":"café ☕"}');
    expect(() => authenticate(inboundRequest(altered, headers), context, sourceAdapter(source))).toThrow(
      AuthenticationError,
    );
  });
});

describe("an empty secret value (e.g. SMX_SECRET_<REF> set to nothing)", () => {
  const body = new TextEncoder().encode('{"eventId":"e-1"}');

  it.each(["typeform", "tally", "cal-com", "calendly"] as const)(
    "never verifies a %s signature made with the empty key, which anyone can compute",
    (source) => {
      const context = signatureContext(source, "");
      const headers = signedHeaders(schemeOf(source), { secret: "", body, now: context.now });
      expect(() => authenticate(inboundRequest(body, headers), context, sourceAdapter(source))).toThrow(
        AuthenticationError,
      );
    },
  );

  it("never accepts an empty Basic credential", async () => {
    const result = await check(contextWith({ scheme: "basic" }, [""]), { authorization: "Basic =" });
    expect(result.ok).toBe(false);
  });
});
