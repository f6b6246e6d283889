// One case per source kind: a hook, a real-shaped payload correctly authenticated, a forged variant, and the
// SalesMania record it must produce. Customers and products are the sandbox's demo seed.
import type { SandboxState } from "@smx/sandbox";
import type { HttpRequestSpec } from "./apigw.ts";
import {
  basicAuth,
  calComSignature,
  calendlySignature,
  multipart,
  standardWebhooksSignature,
  tallySignature,
  typeformSignature,
} from "./signing.ts";

export const SECRETS = {
  "typeform-secret": "tf-webhook-secret-8c1d",
  "tally-secret": "tally-signing-secret-51b2",
  "calendly-key": "calendly-signing-key-0f6e",
  "cal-com-secret": "calcom-secret-93aa",
  "erp-webhook-secret": `whsec_${Buffer.from("erp-signing-key-with-24-bytes!!").toString("base64")}`,
  "zapier-key": "zapier-api-key-7d41",
  "make-basic": "make:make-password-22c",
  "jotform-token": "jotform-url-token-6e0f",
  "google-forms-key": "apps-script-key-b7d3",
  "html-form-token": "html-form-token-4a58",
} as const;

const JSON_TYPE = { "content-type": "application/json" };
/**
 * When the timestamp-less providers (Typeform, Tally, Cal.com) say the fixtures were submitted: now, since an
 * event older than the ledger's retention is refused as a possible replay.
 */
export const SUBMITTED_AT = new Date().toISOString();
const FORM_TYPE = { "content-type": "application/x-www-form-urlencoded" };

export interface SourceCase {
  source: string;
  hook: Record<string, unknown>;
  /** A correctly authenticated request sent at `now` (epoch ms). */
  request(now: number): HttpRequestSpec;
  /** The same request with a wrong signature, key or token. */
  forged(now: number): HttpRequestSpec;
  /** What the request creates in SalesMania: how many matching records the state holds. */
  effect(state: SandboxState): number;
  status: 201 | 200;
}

const visitsOf = (state: SandboxState, customerId: number, date: string) =>
  state.visits.filter((visit) => visit.customer_id === customerId && visit.date === date).length;
const ordersOf = (state: SandboxState, extOrderNo: string) =>
  state.orders.filter((order) => order.ext_order_no === extOrderNo).length;

const typeformBody = JSON.stringify({
  event_id: "01JTYPEFORM00000000000001",
  event_type: "form_response",
  form_response: {
    form_id: "kUnJ3vQ2",
    token: "tftoken0000000000000000000000001",
    landed_at: "2026-12-01T01:58:00Z",
    submitted_at: SUBMITTED_AT,
    hidden: { cust_no: "C-001" },
    definition: {
      id: "kUnJ3vQ2",
      title: "Permintaan kunjungan",
      fields: [{ id: "Jw1", title: "Tanggal kunjungan", type: "date", ref: "visit_date" }],
    },
    answers: [
      { type: "date", date: "2026-12-03", field: { id: "Jw1", type: "date", ref: "visit_date" } },
      { type: "email", email: "budi@sumberrejeki.co.id", field: { id: "Jw2", type: "email", ref: "email" } },
      // Non-ASCII bytes: the signature must be checked over exactly what was sent.
      {
        type: "text",
        text: "Tolong bawa katalog — promo Desember ✓",
        field: { id: "Jw3", type: "long_text", ref: "note" },
      },
    ],
  },
});

const tallyBody = JSON.stringify({
  eventId: "a4b1c2d3-tally-0001",
  eventType: "FORM_RESPONSE",
  createdAt: SUBMITTED_AT,
  data: {
    responseId: "2wgx4n",
    submissionId: "2wgx4n",
    respondentId: "dwQKYm",
    formId: "q4G4l9",
    formName: "Kunjungan toko",
    createdAt: SUBMITTED_AT,
    fields: [
      { key: "question_a1", label: "Kode pelanggan", type: "INPUT_TEXT", value: "C-002" },
      { key: "question_b2", label: "Tanggal kunjungan", type: "INPUT_DATE", value: "2026-12-04" },
    ],
  },
});

function calendlyBody(uuid: string): string {
  return JSON.stringify({
    event: "invitee.created",
    created_at: "2026-12-01T04:00:00.000000Z",
    created_by: "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
    payload: {
      uri: `https://api.calendly.com/scheduled_events/${uuid}/invitees/INV0001`,
      email: "siti@warungbusiti.id",
      name: "Bu Siti",
      status: "active",
      timezone: "Asia/Jakarta",
      rescheduled: false,
      old_invitee: null,
      new_invitee: null,
      questions_and_answers: [{ question: "Kode pelanggan", answer: "C-003", position: 0 }],
      tracking: { utm_campaign: null, utm_source: null },
      scheduled_event: {
        uri: `https://api.calendly.com/scheduled_events/${uuid}`,
        name: "Kunjungan sales",
        start_time: "2026-12-05T02:00:00.000000Z",
        end_time: "2026-12-05T02:30:00.000000Z",
        status: "active",
      },
    },
  });
}

const calComBody = JSON.stringify({
  triggerEvent: "BOOKING_CREATED",
  createdAt: SUBMITTED_AT,
  payload: {
    type: "kunjungan-sales",
    title: "Kunjungan sales antara Andi dan Minimarket Sejahtera",
    startTime: "2026-12-06T03:00:00.000Z",
    endTime: "2026-12-06T03:30:00.000Z",
    uid: "bkg_7QmW2xZp9LcR",
    bookingId: 48213,
    status: "ACCEPTED",
    organizer: { name: "Andi", email: "andi@distributor.id", timeZone: "Asia/Jakarta" },
    attendees: [{ name: "Pak Budi", email: "budi@minimarket.id", timeZone: "Asia/Jakarta" }],
    responses: {
      name: { label: "Nama", value: "Pak Budi" },
      kode: { label: "Kode pelanggan", value: "C-004" },
    },
  },
});

const erpOrderBody = JSON.stringify({
  type: "order.created",
  timestamp: "2026-12-01T06:00:00Z",
  data: {
    order_no: "SO-ERP-0001",
    customer_no: "C-005",
    date: "2026-12-02",
    lines: [
      { code: "P-001", qty: 24, unit: "PCS" },
      { code: "P-003", qty: 1, unit: "DUS" },
    ],
  },
});

/** A CreateVisit hook on the demo connection whose sender signs with `secret`; `rest` adds its mapping. */
export function signedVisitHook(
  id: string,
  source: string,
  secret: string,
  rest: Record<string, unknown> = {},
) {
  return {
    id,
    source,
    connection: "demo",
    action: "CreateVisit",
    auth: { scheme: "signature", secrets: [secret] },
    ...rest,
  };
}

/** A Tally CreateVisit hook (signing secret `tally-secret`) mapping its labelled fields. */
export const TALLY_VISITS_HOOK = signedVisitHook("tally-visits", "tally", "tally-secret", {
  mapping: { "customer.extCustNo": "fields.Kode pelanggan", date: "fields.Tanggal kunjungan" },
});

/** A Typeform CreateVisit hook (signature secret `typeform-secret`), shared by the tests and the handler bench. */
export const TYPEFORM_VISITS_HOOK = {
  id: "typeform-visits",
  source: "typeform",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "signature", secrets: ["typeform-secret"] },
  mapping: { "customer.extCustNo": "hidden.cust_no", date: "answers.visit_date" },
};

/** A signed Typeform form_response to TYPEFORM_VISITS_HOOK: a visit for `custNo` on `date`, keyed by `token`. */
export function typeformVisitRequest(token: string, custNo: string, date: string): HttpRequestSpec {
  const body = JSON.stringify({
    event_id: `evt-${token}`,
    event_type: "form_response",
    form_response: {
      form_id: "kUnJ3vQ2",
      token,
      hidden: { cust_no: custNo },
      answers: [{ type: "date", date, field: { id: "Jw1", type: "date", ref: "visit_date" } }],
    },
  });
  return {
    method: "POST",
    url: `/hooks/${TYPEFORM_VISITS_HOOK.id}`,
    headers: { ...JSON_TYPE, ...typeformSignature(SECRETS["typeform-secret"], body) },
    body,
  };
}

export const SIGNED_CASES: SourceCase[] = [
  {
    source: "typeform",
    hook: TYPEFORM_VISITS_HOOK,
    request: () => ({
      method: "POST",
      url: "/hooks/typeform-visits",
      headers: { ...JSON_TYPE, ...typeformSignature(SECRETS["typeform-secret"], typeformBody) },
      body: typeformBody,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/typeform-visits",
      headers: { ...JSON_TYPE, ...typeformSignature("not-the-secret", typeformBody) },
      body: typeformBody,
    }),
    effect: (state) => visitsOf(state, 100001, "2026-12-03"),
    status: 201,
  },
  {
    source: "tally",
    hook: TALLY_VISITS_HOOK,
    request: () => ({
      method: "POST",
      url: "/hooks/tally-visits",
      headers: { ...JSON_TYPE, ...tallySignature(SECRETS["tally-secret"], tallyBody) },
      body: tallyBody,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/tally-visits",
      headers: { ...JSON_TYPE, ...tallySignature("not-the-secret", tallyBody) },
      body: tallyBody,
    }),
    effect: (state) => visitsOf(state, 100002, "2026-12-04"),
    status: 201,
  },
  {
    source: "calendly",
    hook: {
      id: "calendly-visits",
      source: "calendly",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "signature", secrets: ["calendly-key"], toleranceSeconds: 180 },
      mapping: { "customer.extCustNo": "questions.Kode pelanggan" },
    },
    request: (now) => {
      const body = calendlyBody("EVT0000000000001");
      return {
        method: "POST",
        url: "/hooks/calendly-visits",
        headers: { ...JSON_TYPE, ...calendlySignature(SECRETS["calendly-key"], body, now) },
        body,
      };
    },
    forged: (now) => {
      const body = calendlyBody("EVT0000000000001");
      return {
        method: "POST",
        url: "/hooks/calendly-visits",
        headers: { ...JSON_TYPE, ...calendlySignature("not-the-key", body, now) },
        body,
      };
    },
    effect: (state) => visitsOf(state, 100003, "2026-12-05"),
    status: 201,
  },
  {
    source: "cal-com",
    hook: {
      id: "cal-com-visits",
      source: "cal-com",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "signature", secrets: ["cal-com-secret"] },
      mapping: { "customer.extCustNo": "responses.kode" },
    },
    request: () => ({
      method: "POST",
      url: "/hooks/cal-com-visits",
      headers: { ...JSON_TYPE, ...calComSignature(SECRETS["cal-com-secret"], calComBody) },
      body: calComBody,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/cal-com-visits",
      headers: { ...JSON_TYPE, "x-cal-signature-256": "no-secret-provided" },
      body: calComBody,
    }),
    effect: (state) => visitsOf(state, 100004, "2026-12-06"),
    status: 201,
  },
  {
    source: "standard-webhooks",
    hook: {
      id: "erp-orders",
      source: "standard-webhooks",
      connection: "demo",
      action: "CreateOrder",
      auth: { scheme: "signature", secrets: ["erp-webhook-secret"] },
      mapping: {
        "customer.extCustNo": "data.customer_no",
        date: "data.date",
        extOrderNo: "data.order_no",
      },
      lines: {
        from: "data.lines",
        mapping: { "product.extProductCode": "code", qty: "qty", unit: "unit" },
      },
    },
    request: (now) => ({
      method: "POST",
      url: "/hooks/erp-orders",
      headers: {
        ...JSON_TYPE,
        ...standardWebhooksSignature(SECRETS["erp-webhook-secret"], "msg_erp_0001", erpOrderBody, now),
      },
      body: erpOrderBody,
    }),
    forged: (now) => ({
      method: "POST",
      url: "/hooks/erp-orders",
      headers: {
        ...JSON_TYPE,
        ...standardWebhooksSignature(
          `whsec_${Buffer.from("another-key-of-24-bytes-long!!").toString("base64")}`,
          "msg_erp_0001",
          erpOrderBody,
          now,
        ),
      },
      body: erpOrderBody,
    }),
    effect: (state) => ordersOf(state, "SO-ERP-0001"),
    status: 201,
  },
];

/** Calendly and Standard Webhooks carry a signed timestamp: a stale one is refused even when signed. */
export function staleRequests(now: number): { source: string; request: HttpRequestSpec }[] {
  const stale = now - 10 * 60_000;
  const body = calendlyBody("EVT0000000000002");
  return [
    {
      source: "calendly",
      request: {
        method: "POST",
        url: "/hooks/calendly-visits",
        headers: { ...JSON_TYPE, ...calendlySignature(SECRETS["calendly-key"], body, stale) },
        body,
      },
    },
    {
      source: "standard-webhooks",
      request: {
        method: "POST",
        url: "/hooks/erp-orders",
        headers: {
          ...JSON_TYPE,
          ...standardWebhooksSignature(SECRETS["erp-webhook-secret"], "msg_erp_0002", erpOrderBody, stale),
        },
        body: erpOrderBody,
      },
    },
  ];
}

const zapierForm = "cust_no=C-001&visit_date=2026-12-08&catatan=Dari+Zapier";
const makeOrder = JSON.stringify({
  order_no: "SO-MAKE-0001",
  customer_no: "C-002",
  date: "2026-12-09",
  items: [
    { sku: "MGI-085", qty: "10" },
    { sku: "SMB-110", qty: "2", unit: "DUS" },
  ],
});
const jotform = multipart({
  formID: "241234567890123",
  submissionID: "5912345678901234567",
  formTitle: "Kunjungan toko",
  ip: "203.0.113.7",
  rawRequest: JSON.stringify({
    slug: "submit/241234567890123",
    q3_kode: "C-003",
    q4_tanggal: "10/12/2026",
    q5_nama: { first: "Budi", last: "Santoso" },
  }),
  pretty: "Kode pelanggan:C-003, Tanggal:10/12/2026",
});
const googleForm = JSON.stringify({
  responseId: "2_ABaOnudX7kP9",
  formId: "1FAIpQLSf-visit",
  timestamp: "2026-12-01T07:00:00.000Z",
  respondentEmail: "andi@distributor.id",
  answers: { "Kode pelanggan": "C-004", "Tanggal kunjungan": "2026-12-11" },
});
const htmlForm = "kode=C-005&tanggal=2026-12-12&_gotcha=";

/** A Zapier CreateVisit hook (API key `zapier-key`), shared by the tests that need a plain JSON/form sender. */
export const ZAPIER_VISITS_HOOK = {
  id: "zapier-visits",
  source: "zapier",
  connection: "demo",
  action: "CreateVisit",
  auth: { scheme: "api-key", secrets: ["zapier-key"] },
  mapping: { "customer.extCustNo": "cust_no", date: "visit_date" } as Record<string, string>,
};

export const GENERIC_CASES: SourceCase[] = [
  {
    source: "zapier",
    hook: ZAPIER_VISITS_HOOK,
    request: () => ({
      method: "POST",
      url: "/hooks/zapier-visits",
      headers: { ...FORM_TYPE, "x-api-key": SECRETS["zapier-key"], "idempotency-key": "zap-run-0001" },
      body: zapierForm,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/zapier-visits",
      headers: { ...FORM_TYPE, "x-api-key": "not-the-key", "idempotency-key": "zap-run-0001" },
      body: zapierForm,
    }),
    effect: (state) => visitsOf(state, 100001, "2026-12-08"),
    status: 201,
  },
  {
    source: "make",
    hook: {
      id: "make-orders",
      source: "make",
      connection: "demo",
      action: "CreateOrder",
      auth: { scheme: "basic", secrets: ["make-basic"] },
      mapping: { "customer.extCustNo": "customer_no", date: "date", extOrderNo: "order_no" },
      lines: { from: "items", mapping: { "product.sku": "sku", qty: "qty", unit: "unit" } },
    },
    request: () => ({
      method: "POST",
      url: "/hooks/make-orders",
      headers: { ...JSON_TYPE, ...basicAuth("make", "make-password-22c") },
      body: makeOrder,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/make-orders",
      headers: { ...JSON_TYPE, ...basicAuth("make", "wrong-password") },
      body: makeOrder,
    }),
    effect: (state) => ordersOf(state, "SO-MAKE-0001"),
    status: 201,
  },
  {
    source: "jotform",
    hook: {
      id: "jotform-visits",
      source: "jotform",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "url-token", secrets: ["jotform-token"] },
      mapping: {
        "customer.extCustNo": "answers.kode",
        date: { from: "answers.tanggal", transform: { date: { formats: ["DD/MM/YYYY"] } } },
      },
    },
    request: () => ({
      method: "POST",
      url: `/hooks/jotform-visits?token=${SECRETS["jotform-token"]}`,
      headers: { "content-type": jotform.contentType },
      body: jotform.body,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/jotform-visits?token=guessed-token",
      headers: { "content-type": jotform.contentType },
      body: jotform.body,
    }),
    effect: (state) => visitsOf(state, 100003, "2026-12-10"),
    status: 201,
  },
  {
    source: "google-forms",
    hook: {
      id: "google-forms-visits",
      source: "google-forms",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "api-key", secrets: ["google-forms-key"] },
      mapping: { "customer.extCustNo": "answers.Kode pelanggan", date: "answers.Tanggal kunjungan" },
    },
    request: () => ({
      method: "POST",
      url: "/hooks/google-forms-visits",
      headers: { ...JSON_TYPE, "x-api-key": SECRETS["google-forms-key"] },
      body: googleForm,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/google-forms-visits",
      headers: JSON_TYPE,
      body: googleForm,
    }),
    effect: (state) => visitsOf(state, 100004, "2026-12-11"),
    status: 201,
  },
  {
    source: "html-form",
    hook: {
      id: "html-form-visits",
      source: "html-form",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "url-token", secrets: ["html-form-token"] },
      mapping: { "customer.extCustNo": "kode", date: "tanggal" },
      redirect: {
        success: "https://shop.example.test/terima-kasih",
        failure: "https://shop.example.test/gagal",
      },
    },
    // A fetch() caller asking for JSON; the browser redirect is tested on its own.
    request: () => ({
      method: "POST",
      url: `/hooks/html-form-visits?token=${SECRETS["html-form-token"]}`,
      headers: { ...FORM_TYPE, accept: "application/json" },
      body: htmlForm,
    }),
    forged: () => ({
      method: "POST",
      url: "/hooks/html-form-visits?token=wrong",
      headers: { ...FORM_TYPE, accept: "application/json" },
      body: htmlForm,
    }),
    effect: (state) => visitsOf(state, 100005, "2026-12-12"),
    status: 201,
  },
];

export const ALL_CASES: SourceCase[] = [...SIGNED_CASES, ...GENERIC_CASES];

export { basicAuth, FORM_TYPE, JSON_TYPE, multipart };
