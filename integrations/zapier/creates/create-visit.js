// Create Visit → POST /api/v1/visits.
"use strict";

const { postCommand } = require("../lib/api.js");
const { commandSample, customer, customerOnDate, date, idempotencyKey, team } = require("../lib/fields.js");
const { help, label } = require("../lib/text.js");

module.exports = {
  key: "createVisit",
  noun: "Visit",
  display: {
    label: label("Buat Kunjungan", "Create Visit"),
    description: help(
      "Menjadwalkan kunjungan sales ke pelanggan pada tanggal tertentu di SalesMania.",
      "Schedules a sales visit to a customer on a date in SalesMania.",
    ),
  },
  operation: {
    inputFields: [customer, date, team, idempotencyKey],
    perform: (z, bundle) =>
      postCommand(z, bundle, {
        action: "CreateVisit",
        path: "/visits",
        body: customerOnDate(bundle.inputData),
      }),
    sample: commandSample({ visitId: 5001 }),
  },
};
