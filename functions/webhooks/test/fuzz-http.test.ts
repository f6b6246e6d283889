// The fuzz suite's smaller sample through the real Lambda handler (API Gateway v2 events, DynamoDB Local, the
// sandbox): for every example hook, hostile bodies correctly authenticated and the same bodies forged.
// Properties: never a 5xx; every error is JSON naming the problem with a short message; a forged request is a
// 401 and leaves nothing in the ledger. Seeded like packages/sources/test/fuzz.test.ts (SMX_FUZZ_SEED).
import { readFileSync } from "node:fs";
import { sharedRuntime } from "@smx/runtime";
import { HookConfig, hookRequest } from "@smx/sources";
import { bodyArbitrary, examplePayload, type FuzzBody, fuzzSeed } from "@smx/sources/testing";
import fc from "fast-check";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HttpRequestSpec, isTextContentType } from "./support/apigw.ts";
import { type Stack, startStack } from "./support/stack.ts";

const SEED = fuzzSeed();
const RUNS = Number(process.env.SMX_FUZZ_HTTP_RUNS ?? 40);
const EXAMPLES = new URL("../../../examples/", import.meta.url);
const config = JSON.parse(readFileSync(new URL("smx.config.json", EXAMPLES), "utf8")) as {
  hooks: HookConfig[];
};
const secrets = JSON.parse(readFileSync(new URL("secrets.local.example.json", EXAMPLES), "utf8")) as Record<
  string,
  string
>;
// Parsed as the loader does, so every default (api-key header, url-token parameter…) is filled in.
const hooks = config.hooks.map((hook) => v.parse(HookConfig, hook)).filter((hook) => !hook.disabled);
const forgedId = (hook: HookConfig) => `${hook.id}-forged`;
/** A wrong secret in every scheme's form (a Standard Webhooks secret must be `whsec_` + base64 to sign with). */
const FORGED_SECRET = `whsec_${Buffer.from("not-the-secret-of-this-hook").toString("base64")}`;

/** `input` sent to `hookId` authenticated with `secret` the way `hook`'s sender would (the test sender's code). */
function signed(
  hook: HookConfig,
  hookId: string,
  secret: string,
  input: FuzzBody,
  key: string,
): HttpRequestSpec {
  const made = hookRequest(
    { ...hook, id: hookId },
    {
      baseUrl: "http://127.0.0.1",
      secret,
      body: new Uint8Array(input.body),
      contentType: input.contentType,
      idempotencyKey: key,
    },
  );
  const url = new URL(made.url);
  return { method: "POST", url: `${url.pathname}${url.search}`, headers: made.headers, body: input.body };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function expectJsonAnswer(answer: Awaited<ReturnType<Stack["invoke"]>>, input: FuzzBody): void {
  expect(answer.status, `${input.kind}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  const error = (answer.json as { error?: { code?: unknown; message?: unknown } }).error;
  expect(error?.code).toMatch(/^[a-z0-9_]+$/);
  expect(typeof error?.message).toBe("string");
  expect(String(error?.message).length).toBeLessThan(2_000);
}

let stack: Stack;
beforeAll(async () => {
  console.log(`fuzz-http seed ${SEED}, ${RUNS} authenticated and ${RUNS} forged bodies per hook`);
  stack = await startStack({
    hooks: [...hooks, ...hooks.map((hook) => ({ ...hook, id: forgedId(hook) }))],
    secrets,
  });
});
afterAll(async () => {
  await stack?.close();
});

describe.each(hooks.map((hook) => [hook.id, hook] as const))(
  "fuzz %s through the Lambda handler",
  (_id, hook) => {
    const secret = secrets[hook.auth.secrets[0]!]!;
    const bodies = bodyArbitrary(examplePayload(hook.source));

    it("answers every authenticated hostile body below 500, with a JSON error naming the problem", async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(bodies, async (input) => {
          const answer = await stack.invoke(signed(hook, hook.id, secret, input, `fuzz-${n++}`));
          // Authenticated over exactly these bytes: whatever is wrong with them, it is not the signature —
          // unless API Gateway, which passes text bodies on as UTF-8 strings, had to replace invalid bytes.
          if (!(isTextContentType(input.contentType) && !isUtf8(input.body)))
            expect(answer.status, answer.text.slice(0, 300)).not.toBe(401);
          expectJsonAnswer(answer, input);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it("answers every forged one 401 and stores nothing", async () => {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(bodies, async (input) => {
          const answer = await stack.invoke(
            signed(hook, forgedId(hook), FORGED_SECRET, input, `forged-${n++}`),
          );
          expect(answer.status, answer.text.slice(0, 300)).toBe(401);
          expectJsonAnswer(answer, input);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect((await sharedRuntime().ledger.listByHook(forgedId(hook))).items).toEqual([]);
    });
  },
);
