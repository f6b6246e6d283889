// Update Order Status → POST /api/v1/orders/{extOrderNo}/status.
"use strict";

const { filled, postCommand } = require("../lib/api.js");
const { commandSample, idempotencyKey } = require("../lib/fields.js");
const { help, label } = require("../lib/text.js");

const STATUSES = {
  Baru: "Baru / New",
  Diproses: "Diproses / Processing",
  Terkirim: "Terkirim / Shipped",
  Lunas: "Lunas / Paid",
  Batal: "Batal / Cancelled",
};

module.exports = {
  key: "updateOrderStatus",
  noun: "Order",
  display: {
    label: label("Ubah Status Pesanan", "Update Order Status"),
    description: help(
      "Mengubah status pesanan yang dibuat lewat layanan ini, dicari dengan nomor pesanan eksternalnya.",
      "Changes the status of an order made through this service, found by its external order number.",
    ),
  },
  operation: {
    inputFields: [
      {
        key: "extOrderNo",
        label: label("Nomor pesanan (eksternal)", "Order number (external)"),
        required: true,
      },
      { key: "status", label: label("Status", "Status"), required: true, choices: STATUSES },
      { key: "description", label: label("Catatan", "Notes"), required: false, type: "text" },
      idempotencyKey,
    ],
    perform: (z, bundle) =>
      postCommand(z, bundle, {
        action: "UpdateOrder",
        path: `/orders/${encodeURIComponent(String(bundle.inputData.extOrderNo).trim())}/status`,
        body: filled({ status: bundle.inputData.status, description: bundle.inputData.description }),
      }),
    sample: commandSample({ orderId: 7001 }),
  },
};
