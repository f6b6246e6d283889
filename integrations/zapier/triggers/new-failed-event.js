// New Failed Event: polls the events of the key's connection that are `dead` or `unknown_outcome`, newest
// first; Zapier deduplicates them by `id` (the event id), so each failure triggers a Zap once — to alert
// someone in Slack or by e-mail.
"use strict";

const { getPage } = require("../lib/api.js");
const { help, label } = require("../lib/text.js");

module.exports = {
  key: "newFailedEvent",
  noun: "Event",
  display: {
    label: label("Event Gagal Baru", "New Failed Event"),
    description: help(
      "Berjalan saat sebuah event gagal (`dead`) atau hasilnya tidak diketahui (`unknown_outcome`) dan perlu dicek operator.",
      "Triggers when an event fails (`dead`) or its outcome is unknown (`unknown_outcome`) and needs an operator.",
    ),
  },
  operation: {
    perform: async (z, bundle) => (await getPage(z, bundle, "/events/failed", { limit: 50 })).items,
    sample: {
      id: "evt_01JEXAMPLE00000000000000",
      eventId: "evt_01JEXAMPLE00000000000000",
      status: "dead",
      hookId: "api-CreateVisit@demo",
      source: "api",
      action: "CreateVisit",
      error: { code: "customer_not_found", message: "no customer with extCustNo C-999", field: "customer" },
      attempts: 1,
      receivedAt: "2026-12-01T02:00:00.000Z",
      updatedAt: "2026-12-01T02:00:01.000Z",
    },
    outputFields: [
      { key: "id", label: "Event ID" },
      { key: "status", label: label("Status", "Status") },
      { key: "hookId", label: label("Hook", "Hook") },
      { key: "action", label: label("Aksi", "Action") },
      { key: "error__code", label: label("Kode galat", "Error code") },
      { key: "error__message", label: label("Pesan galat", "Error message") },
      { key: "error__field", label: label("Kolom bermasalah", "Field at fault") },
      { key: "updatedAt", label: label("Waktu", "When"), type: "datetime" },
    ],
  },
};
