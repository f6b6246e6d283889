import { describe, expect, it } from "vitest";
import { AuthenticationError, UnusableEventError } from "../src/errors.ts";
import { googleFormsSource } from "../src/sources/google-forms.ts";
import { exampleContext, examplePayload, postToAdapter } from "./http-helpers.ts";
import { eventOf } from "./signed-provider-helpers.ts";

const RESPONSE_ID = "2_ABaOnuepP7y9Yp1uJ3kZ3E";
// What examples/google-forms/apps-script.gs sends.
const HEADERS = {
  "content-type": "application/json",
  "X-Api-Key": "demo-google-forms-key",
  "Idempotency-Key": RESPONSE_ID,
};
const context = exampleContext("google-forms-visits");

describe("google-forms", () => {
  it("turns the Apps Script post into a visit, deduplicated by responseId", async () => {
    const event = eventOf(
      await postToAdapter(googleFormsSource, context, {
        body: examplePayload("google-forms.json"),
        headers: HEADERS,
      }),
    );
    expect(event.command).toEqual({
      kind: "CreateVisit",
      customer: {
        email: "owner@tokoberkah.co.id",
        name: "Toko Berkah",
        phone: "+6281322223333",
        city: "Surabaya",
        createIfMissing: true,
      },
      date: "2026-03-27",
    });
    expect(event).toEqual({
      command: event.command,
      dedupKey: RESPONSE_ID,
      dedupKeySource: "native",
      nativeIds: { responseId: RESPONSE_ID, formId: "1FAIpQLSd-demo-form-id" },
      occurredAt: "2026-03-24T18:30:12.000Z",
    });
  });

  it("answers 422 naming responseId when the script's id is missing", async () => {
    const body = JSON.parse(Buffer.from(examplePayload("google-forms.json")).toString());
    delete body.responseId;
    const error = await postToAdapter(googleFormsSource, context, {
      body: JSON.stringify(body),
      headers: HEADERS,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnusableEventError);
    expect((error as UnusableEventError).field).toBe("responseId");
  });

  it("refuses a wrong API key naming the header", async () => {
    const error = await postToAdapter(googleFormsSource, context, {
      body: examplePayload("google-forms.json"),
      headers: { ...HEADERS, "X-Api-Key": "guess" },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).header).toBe("x-api-key");
  });
});
