// Find Customer → GET /api/v1/customers?q=: by code or phone (the directory, exact) or by name (SalesMania,
// contains). Paired with Create Customer as "Find or Create Customer".
"use strict";

const { getPage } = require("../lib/api.js");
const { help, label } = require("../lib/text.js");

module.exports = {
  key: "findCustomer",
  noun: "Customer",
  display: {
    label: label("Cari Pelanggan", "Find Customer"),
    description: help(
      "Mencari pelanggan berdasarkan kode, telepon, atau nama.",
      "Finds a customer by code, phone or name.",
    ),
  },
  operation: {
    inputFields: [
      {
        key: "q",
        label: label("Kode, telepon, atau nama", "Code, phone or name"),
        required: true,
        helpText: help(
          "Kode (mis. C-001) atau telepon dicocokkan persis; nama dicocokkan sebagian.",
          "A code (e.g. C-001) or phone matches exactly; a name matches in part.",
        ),
      },
    ],
    perform: async (z, bundle) =>
      (await getPage(z, bundle, "/customers", { q: bundle.inputData.q, limit: 25 })).items,
    sample: { id: 100001, name: "Toko Sumber Rejeki", extCustNo: "C-001", phone: "+6281234567801" },
  },
};
