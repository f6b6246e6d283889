// Input fields several actions share: customer, date, team and the optional Idempotency-Key.
"use strict";

const { filled, refOf } = require("./api.js");
const { help, label } = require("./text.js");

const customer = {
  key: "customer",
  label: label("Pelanggan", "Customer"),
  required: true,
  dynamic: "customerList.id.label",
  search: "findCustomer.id",
  helpText: help(
    "Pilih pelanggan, atau isi ID SalesMania atau kode pelanggan (`ext_cust_no`, mis. C-001).",
    "Pick a customer, or enter a SalesMania id or the customer code (`ext_cust_no`, e.g. C-001).",
  ),
};

const date = {
  key: "date",
  label: label("Tanggal", "Date"),
  required: true,
  type: "string",
  helpText: help(
    "Tanggal dalam format YYYY-MM-DD, mis. 2026-12-03.",
    "The date as YYYY-MM-DD, e.g. 2026-12-03.",
  ),
};

const team = {
  key: "team",
  label: label("Tim", "Team"),
  required: false,
  dynamic: "teamList.id.label",
  helpText: help("Kosongkan untuk tim default pengguna API.", "Leave empty for the API user's default team."),
};

const idempotencyKey = {
  key: "idempotency_key",
  label: label("Kunci idempotensi (opsional)", "Idempotency key (optional)"),
  required: false,
  helpText: help(
    "Biasanya kosongkan: kunci dibuat dari Zap dan isian langkah ini, sehingga tugas yang diulang tidak membuat data dua kali. Isi dengan ID unik dari pemicu (mis. ID baris) bila dua tugas bisa punya isian yang sama persis.",
    "Usually leave empty: a key is made from the Zap and this step's inputs, so a replayed task never creates twice. Map a unique id from the trigger (e.g. the row id) when two tasks may have exactly the same inputs.",
  ),
};

/** The command fields for the customer, date and team of a visit or an order. */
const customerOnDate = (inputData) =>
  filled({
    customer: refOf(inputData.customer, "extCustNo"),
    date: String(inputData.date).trim(),
    teamId: inputData.team ? Number(inputData.team) : undefined,
  });

/** What every action's answer looks like (the API's body, as `answers.ts` writes it). */
const commandSample = (ids) => ({
  id: "evt_01JEXAMPLE00000000000000",
  eventId: "evt_01JEXAMPLE00000000000000",
  status: "delivered",
  result: { ids, customer: { id: 100001, how: "extCustNo" } },
});

module.exports = { commandSample, customer, customerOnDate, date, idempotencyKey, team };
