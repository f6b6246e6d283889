import { randomBytes } from "node:crypto";
import { SecretFormatError } from "@smx/core";
import { Webhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/errors.ts";
import type { VerifyInput } from "../src/signatures/scheme.ts";
import { standardWebhooksSource } from "../src/sources/standard-webhooks.ts";
import {
  eventOf,
  hookContext,
  inboundRequest,
  NOW,
  receive,
  receiveOverHttp,
  samplePayload,
  thrown,
} from "./signed-provider-helpers.ts";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const NEXT_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const BODY = Buffer.from(
  JSON.stringify({ type: "order.status", data: { orderNo: "SO-1", note: "café ☕" } }),
);

/** Signed by the reference library, an independent reading of the spec. */
function signed(secret: string, at = NOW, id = "msg_2Kf9", body: Buffer | string = BODY) {
  return {
    id,
    timestamp: String(Math.floor(at / 1000)),
    signature: new Webhook(secret).sign(id, new Date(at), body),
  };
}

/** The source's own scheme object: what its adapter verifies with and test senders sign with. */
function verifyStandardWebhook(input: VerifyInput): void {
  const { auth } = standardWebhooksSource;
  if (!("signature" in auth)) throw new Error("standard-webhooks has no signature scheme");
  auth.signature.verify(input);
}

type Parts = { id: string | null; timestamp: string | null; signature: string | null };

/** The parts as headers under `prefix` (`webhook-` as the spec names them, `svix-` as Svix sends them). */
function asHeaders(parts: Parts, prefix = "webhook-"): Headers {
  const headers = new Headers();
  for (const [part, value] of Object.entries(parts)) if (value !== null) headers.set(prefix + part, value);
  return headers;
}

function verify(parts: Parts, secrets = [SECRET]) {
  verifyStandardWebhook({ body: BODY, headers: asHeaders(parts), secrets, now: NOW, toleranceSeconds: 300 });
}

describe("Standard Webhooks signature", () => {
  it("accepts a signature made by the reference library over the raw bytes", () => {
    expect(() => verify(signed(SECRET))).not.toThrow();
  });

  it("accepts any of several secrets and any entry of the signature list (rotation)", () => {
    const old = signed(SECRET);
    const next = signed(NEXT_SECRET);
    expect(() => verify(next, [SECRET, NEXT_SECRET])).not.toThrow();
    expect(() =>
      verify({ ...old, signature: `v1a,AAAA ${next.signature} ${old.signature}` }, [NEXT_SECRET]),
    ).not.toThrow();
  });

  it("rejects a wrong signature, naming the header", () => {
    const error = thrown(AuthenticationError, () => verify(signed(NEXT_SECRET)));
    expect(error.header).toBe("webhook-signature");
    expect(error.message).toMatch(/^webhook-signature: no v1 signature matches/);
    expect(error.status).toBe(401);
  });

  it("rejects a body changed after signing", () => {
    const headers = signed(SECRET);
    const tampered = Buffer.from(BODY.toString().replace("SO-1", "SO-2"));
    const error = thrown(AuthenticationError, () =>
      verifyStandardWebhook({
        body: tampered,
        headers: asHeaders(headers),
        secrets: [SECRET],
        now: NOW,
        toleranceSeconds: 300,
      }),
    );
    expect(error.header).toBe("webhook-signature");
  });

  it("rejects a correctly signed but stale or future timestamp, in both directions", () => {
    const old = thrown(AuthenticationError, () => verify(signed(SECRET, NOW - 301_000)));
    expect(old.header).toBe("webhook-timestamp");
    expect(old.message).toContain("301 s old");
    const future = thrown(AuthenticationError, () => verify(signed(SECRET, NOW + 400_000)));
    expect(future.message).toContain("400 s in the future");
    expect(() => verify(signed(SECRET, NOW - 299_000))).not.toThrow();
  });

  it("honours the hook's tolerance", () => {
    const headers = signed(SECRET, NOW - 30_000);
    expect(() =>
      verifyStandardWebhook({
        body: BODY,
        headers: asHeaders(headers),
        secrets: [SECRET],
        now: NOW,
        toleranceSeconds: 10,
      }),
    ).toThrow(AuthenticationError);
  });

  it("names each missing header", () => {
    const headers = signed(SECRET);
    expect(thrown(AuthenticationError, () => verify({ ...headers, id: null })).header).toBe("webhook-id");
    expect(thrown(AuthenticationError, () => verify({ ...headers, timestamp: "" })).header).toBe(
      "webhook-timestamp",
    );
    expect(thrown(AuthenticationError, () => verify({ ...headers, signature: null })).header).toBe(
      "webhook-signature",
    );
  });

  it("rejects a list with only unsupported versions and a non-numeric timestamp", () => {
    const headers = signed(SECRET);
    expect(
      thrown(AuthenticationError, () => verify({ ...headers, signature: "v1a,AAAA v2,BBBB" })).message,
    ).toContain("[v1a, v2]");
    expect(thrown(AuthenticationError, () => verify({ ...headers, timestamp: "2026-11-28" })).header).toBe(
      "webhook-timestamp",
    );
  });

  it("accepts Svix's svix-* headers, signed by Svix's own library, as Svix's libraries do", () => {
    const id = "msg_2SvixAbc";
    const headers = new Headers({
      "svix-id": id,
      "svix-timestamp": String(Math.floor(NOW / 1000)),
      "svix-signature": new SvixWebhook(SECRET).sign(id, new Date(NOW), BODY),
    });
    const args = { body: BODY, headers, secrets: [SECRET], now: NOW, toleranceSeconds: 300 };
    expect(() => verifyStandardWebhook(args)).not.toThrow();
    // The names in a refusal are the ones the sender used.
    headers.set("svix-signature", "v1,AAAA");
    const error = thrown(AuthenticationError, () => verifyStandardWebhook(args));
    expect(error.header).toBe("svix-signature");
    expect(error.message).toContain('"svix-id.svix-timestamp.body"');
    headers.delete("svix-id");
    headers.delete("svix-signature");
    const missing = thrown(AuthenticationError, () => verifyStandardWebhook(args));
    expect(missing.header).toBe("webhook-id");
    expect(missing.message).toContain("svix-id");
  });

  it("reports a malformed configured secret by position, without its value", () => {
    const error = thrown(SecretFormatError, () => verify(signed(SECRET), [SECRET, "not base64!"]));
    expect(error.message).toContain("#2");
    expect(error.message).not.toContain("not base64!");
  });
});

describe("Standard Webhooks source", () => {
  const body = samplePayload("standard-webhooks.json");
  const context = hookContext(
    {
      id: "erp-order-status",
      source: "standard-webhooks",
      connection: "main",
      action: "UpdateOrder",
      auth: { scheme: "signature", secrets: ["erp-webhook-secret"] },
      events: ["order.status_changed"],
      mapping: {
        "order.extOrderNo": "data.order_no",
        status: {
          from: "data.status",
          transform: { map: { PROCESSING: "Diproses", SHIPPED: "Terkirim", PAID: "Lunas" } },
        },
        extOrderStatusName: "data.status_label",
        totalPaid: "data.amount_paid",
      },
    },
    [SECRET],
  );
  const headers = (payload: string, secret = SECRET, at = NOW, id = "msg_2Kf9ERP") => {
    const { timestamp, signature } = signed(secret, at, id, payload);
    return { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature };
  };

  it("turns an ERP's signed status change sent over HTTP into an UpdateOrder keyed by webhook-id", async () => {
    const event = eventOf(await receiveOverHttp(standardWebhooksSource, context, body, headers(body)));
    expect(event.command).toEqual({
      kind: "UpdateOrder",
      order: { extOrderNo: "WEB-1042" },
      status: "Terkirim",
      extOrderStatusName: "Dikirim dari gudang Cakung",
      totalPaid: 0,
    });
    expect(event.dedupKey).toBe("msg_2Kf9ERP");
    expect(event.dedupKeySource).toBe("native");
    expect(event.nativeIds).toEqual({ webhookId: "msg_2Kf9ERP", type: "order.status_changed" });
    expect(event.occurredAt).toBe(new Date(Math.floor(NOW / 1000) * 1000).toISOString());
  });

  it("authenticates with the second secret during a rotation, and a redelivery keeps its key", () => {
    const rotating = { ...context, secrets: [SECRET, NEXT_SECRET] };
    const first = receive(standardWebhooksSource, inboundRequest(body, headers(body, NEXT_SECRET)), rotating);
    const retry = receive(
      standardWebhooksSource,
      inboundRequest(body, headers(body, NEXT_SECRET, NOW + 60_000)),
      {
        ...rotating,
        now: NOW + 60_000,
      },
    );
    expect(eventOf(retry).dedupKey).toBe(eventOf(first).dedupKey);
  });

  it("takes a Svix-sent delivery over HTTP (svix-* headers): same command, svix-id as the key", async () => {
    const id = "msg_2SvixERP";
    const sent = {
      "svix-id": id,
      "svix-timestamp": String(Math.floor(NOW / 1000)),
      "svix-signature": new SvixWebhook(SECRET).sign(id, new Date(NOW), body),
    };
    const event = eventOf(await receiveOverHttp(standardWebhooksSource, context, body, sent));
    expect(event.command).toMatchObject({ kind: "UpdateOrder", order: { extOrderNo: "WEB-1042" } });
    expect(event).toMatchObject({ dedupKey: id, dedupKeySource: "native" });
    expect(event.nativeIds).toEqual({ webhookId: id, type: "order.status_changed" });
  });

  it("rejects a stale delivery through the adapter with 401", () => {
    const error = thrown(AuthenticationError, () =>
      receive(standardWebhooksSource, inboundRequest(body, headers(body, SECRET, NOW - 600_000)), context),
    );
    expect(error.status).toBe(401);
    expect(error.header).toBe("webhook-timestamp");
  });

  it("skips payload types the hook does not list", () => {
    const other = JSON.stringify({ type: "invoice.created", data: {} });
    expect(receive(standardWebhooksSource, inboundRequest(other, headers(other)), context)).toEqual({
      kind: "skip",
      reason: 'event "invoice.created" has no SalesMania effect (this source acts on order.status_changed)',
    });
  });
});
