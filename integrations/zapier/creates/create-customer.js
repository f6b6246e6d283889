// Create Customer → POST /api/v1/customers (an upsert by customer code); also the "create" half of Find or
// Create Customer.
"use strict";

const { filled, postCommand } = require("../lib/api.js");
const { idempotencyKey } = require("../lib/fields.js");
const { help, label } = require("../lib/text.js");

module.exports = {
  key: "createCustomer",
  noun: "Customer",
  display: {
    label: label("Buat atau Perbarui Pelanggan", "Create or Update Customer"),
    description: help(
      "Membuat pelanggan dengan kode ini, atau memperbarui yang sudah ada.",
      "Creates the customer with this code, or updates the existing one.",
    ),
  },
  operation: {
    inputFields: [
      { key: "extCustNo", label: label("Kode pelanggan", "Customer code"), required: true },
      { key: "name", label: label("Nama", "Name"), required: true },
      {
        key: "phone",
        label: label("Telepon", "Phone"),
        required: false,
        helpText: help("Format E.164, mis. +6281234567890.", "E.164, e.g. +6281234567890."),
      },
      { key: "email", label: label("Email", "Email"), required: false },
      { key: "address", label: label("Alamat", "Address"), required: false },
      { key: "city", label: label("Kota", "City"), required: false },
      idempotencyKey,
    ],
    perform: async (z, bundle) => {
      const { extCustNo, name, phone, email, address, city } = bundle.inputData;
      const answer = await postCommand(z, bundle, {
        action: "UpsertCustomer",
        path: "/customers",
        body: filled({ extCustNo, name, phone, email, address, city }),
      });
      // The shape a search result has, so Find or Create hands the same fields on either way.
      return { ...answer, id: answer.result?.ids?.customerId ?? answer.eventId, name, extCustNo };
    },
    sample: {
      id: 100006,
      eventId: "evt_01JEXAMPLE00000000000000",
      status: "delivered",
      name: "Toko Baru Jaya",
      extCustNo: "C-006",
      result: { ids: { customerId: 100006 } },
    },
  },
};
