import { describe, expect, it } from "vitest";
import { AuthenticationError, MalformedBodyError } from "../src/errors.ts";
import { jotformSource } from "../src/sources/jotform.ts";
import { exampleContext, examplePayload, postToAdapter, receivedOverHttp } from "./http-helpers.ts";
import { eventOf } from "./signed-provider-helpers.ts";

const MULTIPART = { "content-type": "multipart/form-data; boundary=----smxJotformBoundary7MA4YWxk" };
const TOKEN = "?token=demo-jotform-token";
const context = exampleContext("jotform-visits");

describe("jotform", () => {
  it("turns the example submission into a visit, deduplicated by submissionID", async () => {
    const event = eventOf(
      await postToAdapter(jotformSource, context, {
        body: examplePayload("jotform.txt"),
        headers: MULTIPART,
        query: TOKEN,
      }),
    );
    expect(event.command).toEqual({
      kind: "CreateVisit",
      customer: {
        name: "Warung Bu Sri",
        phone: "+6281555556666",
        email: "sri@example.id",
        address: "Jl. Mawar 7",
        city: "Yogyakarta",
        createIfMissing: true,
      },
      date: "2026-03-28",
    });
    expect(event).toMatchObject({
      dedupKey: "5890123456789012345",
      dedupKeySource: "native",
      nativeIds: { submissionID: "5890123456789012345", formID: "240831234567890" },
    });
  });

  it("exposes answers by qN_ key and by name, with joined name and address parts", async () => {
    const request = await receivedOverHttp("jotform-visits", {
      body: examplePayload("jotform.txt"),
      headers: MULTIPART,
    });
    const payload = jotformSource.parse(request) as {
      answers: Record<string, unknown>;
      rawRequest?: unknown;
    };
    expect(payload.answers.q4_name).toEqual({ first: "Sri", last: "Wahyuni", full: "Sri Wahyuni" });
    expect(payload.answers.name).toBe(payload.answers.q4_name);
    expect(payload.answers.address).toMatchObject({ full: "Jl. Mawar 7, Yogyakarta, DIY, 55281" });
    expect(payload.answers.storeName).toBe("Warung Bu Sri");
    expect(payload.rawRequest).toBeUndefined();
  });

  it("parses the base64-decoded bytes API Gateway hands over", async () => {
    const decoded = Buffer.from(Buffer.from(examplePayload("jotform.txt")).toString("base64"), "base64");
    const event = eventOf(
      await postToAdapter(jotformSource, context, {
        body: new Uint8Array(decoded),
        headers: MULTIPART,
        query: TOKEN,
      }),
    );
    expect(event.dedupKey).toBe("5890123456789012345");
  });

  it("answers 400 naming rawRequest when it is not JSON", async () => {
    const body = "submissionID=1&rawRequest=%7B%22q3_name%22%3A";
    const error = await postToAdapter(jotformSource, context, {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      query: TOKEN,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedBodyError);
    expect((error as MalformedBodyError).message).toBe(
      "body field rawRequest: invalid JSON at line 1, column 12 (position 11): the body ended where a value was expected",
    );
  });

  it("refuses a wrong URL token", async () => {
    await expect(
      postToAdapter(jotformSource, context, {
        body: examplePayload("jotform.txt"),
        headers: MULTIPART,
        query: "?token=x",
      }),
    ).rejects.toThrow(AuthenticationError);
  });
});
