// Signs requests the way each provider does, written from the providers' documentation (not from
// @smx/sources), so a verifier bug is not mirrored by the test.
import { createHmac } from "node:crypto";
import { Webhook as SvixWebhook } from "svix";

const hmac = (key: string | Buffer, data: string | Uint8Array) => createHmac("sha256", key).update(data);

/** Typeform-Signature: `sha256=` + base64 HMAC-SHA256 of the raw body. */
export function typeformSignature(secret: string, body: string): Record<string, string> {
  return { "typeform-signature": `sha256=${hmac(secret, body).digest("base64")}` };
}

/** Tally-Signature: base64 HMAC-SHA256 of the raw body. */
export function tallySignature(secret: string, body: string): Record<string, string> {
  return { "tally-signature": hmac(secret, body).digest("base64") };
}

/** Calendly-Webhook-Signature: `t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function calendlySignature(signingKey: string, body: string, atMs: number): Record<string, string> {
  const t = Math.floor(atMs / 1000);
  return { "calendly-webhook-signature": `t=${t},v1=${hmac(signingKey, `${t}.${body}`).digest("hex")}` };
}

/** X-Cal-Signature-256: hex HMAC-SHA256 of the raw body. */
export function calComSignature(secret: string, body: string): Record<string, string> {
  return { "x-cal-signature-256": hmac(secret, body).digest("hex") };
}

/** Standard Webhooks: HMAC-SHA256 keyed with the base64 part of `whsec_…`, over `id.timestamp.body`. */
export function standardWebhooksSignature(
  secret: string,
  messageId: string,
  body: string,
  atMs: number,
): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const timestamp = String(Math.floor(atMs / 1000));
  return {
    "webhook-id": messageId,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${hmac(key, `${messageId}.${timestamp}.${body}`).digest("base64")}`,
  };
}

/** What Svix sends: the Standard Webhooks headers under its `svix-` prefix, signed by Svix's own library. */
export function svixSignature(
  secret: string,
  messageId: string,
  body: string,
  atMs: number,
): Record<string, string> {
  return {
    "svix-id": messageId,
    "svix-timestamp": String(Math.floor(atMs / 1000)),
    "svix-signature": new SvixWebhook(secret).sign(messageId, new Date(atMs), body),
  };
}

export function basicAuth(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

/** A multipart/form-data body built by hand, as Jotform sends it. */
export function multipart(fields: Record<string, string>): { body: Uint8Array; contentType: string } {
  const boundary = "----smxTestBoundary7MA4YWxkTrZu0gW";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const text = `${parts.join("")}--${boundary}--\r\n`;
  return { body: new TextEncoder().encode(text), contentType: `multipart/form-data; boundary=${boundary}` };
}
