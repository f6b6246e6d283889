import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../src/errors.ts";
import { formRedirect, htmlFormSource } from "../src/sources/html-form.ts";
import { exampleContext, examplePayload, postToAdapter } from "./http-helpers.ts";
import { eventOf } from "./signed-provider-helpers.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const TOKEN = "?token=demo-form-token";
const context = exampleContext("html-form-visits");

const expectedVisit = {
  kind: "CreateVisit",
  customer: {
    name: "Toko Maju Jaya",
    phone: "+6281211112222",
    address: "Jl. Kenanga No. 12",
    city: "Bandung",
    createIfMissing: true,
  },
  date: "2026-04-02",
};

describe("html-form", () => {
  it("turns the example post into a visit, deduplicated by customer and date", async () => {
    const event = eventOf(
      await postToAdapter(htmlFormSource, context, {
        body: examplePayload("html-form.txt"),
        headers: FORM,
        query: TOKEN,
      }),
    );
    expect(event.command).toEqual(expectedVisit);
    expect(event).toMatchObject({
      dedupKey: "visit:phone:+6281211112222:2026-04-02:team:default",
      dedupKeySource: "business-key",
    });
  });

  it("reads multipart posts (forms with a file input) the same way", async () => {
    const form = new FormData();
    for (const [k, v] of new URLSearchParams(Buffer.from(examplePayload("html-form.txt")).toString()))
      form.append(k, v);
    form.append("photo", new Blob(["jpeg"], { type: "image/jpeg" }), "shop.jpg");
    const request = new Request("http://localhost/", { method: "POST", body: form });
    const event = eventOf(
      await postToAdapter(htmlFormSource, context, {
        body: new Uint8Array(await request.arrayBuffer()),
        headers: { "content-type": request.headers.get("content-type")! },
        query: TOKEN,
      }),
    );
    expect(event.command).toEqual(expectedVisit);
  });

  it("skips a post whose honeypot is filled", async () => {
    const body = `${Buffer.from(examplePayload("html-form.txt")).toString()}bot-text`;
    expect(await postToAdapter(htmlFormSource, context, { body, headers: FORM, query: TOKEN })).toEqual({
      kind: "skip",
      reason: "the hidden field _gotcha was filled in, as only bots do",
    });
  });

  it("refuses a post without the URL token", async () => {
    await expect(
      postToAdapter(htmlFormSource, context, { body: examplePayload("html-form.txt"), headers: FORM }),
    ).rejects.toThrow(AuthenticationError);
  });

  it("tells the webhooks app where to send the browser", () => {
    expect(formRedirect(context.hook, { ok: true })).toBe("https://shop.example.com/visit-requested");
    expect(formRedirect(context.hook, { ok: false, code: "invalid_field" })).toBe(
      "https://shop.example.com/visit-request-failed?error=invalid_field",
    );
    const { redirect: _redirect, ...withoutRedirect } = context.hook;
    expect(formRedirect(withoutRedirect, { ok: true })).toBeUndefined();
  });
});
