// Create Order → POST /api/v1/orders, with line items (product from the dropdown, qty, unit, price, discount).
"use strict";

const { filled, postCommand, refOf } = require("../lib/api.js");
const { commandSample, customer, customerOnDate, date, idempotencyKey, team } = require("../lib/fields.js");
const { help, label } = require("../lib/text.js");

/** A number typed the Indonesian way ("1.250.000" or "12,5") or the English way; undefined when empty. */
const amount = (value) => {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  const text = String(value)
    .trim()
    .replace(/^Rp\.?\s*/i, "");
  const normalized = /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(text)
    ? text.replace(/\./g, "").replace(",", ".")
    : text.replace(",", ".");
  return Number(normalized);
};

const line = (item) =>
  filled({
    product: refOf(item.product, "extProductCode"),
    qty: amount(item.qty),
    unit: item.unit,
    price: amount(item.price),
    discPercent:
      item.discount === undefined || item.discount === ""
        ? undefined
        : String(item.discount).replace(/%/g, "").trim(),
  });

module.exports = {
  key: "createOrder",
  noun: "Order",
  display: {
    label: label("Buat Pesanan", "Create Order"),
    description: help(
      "Membuat pesanan penjualan dengan baris produk di SalesMania.",
      "Creates a sales order with product lines in SalesMania.",
    ),
  },
  operation: {
    inputFields: [
      customer,
      date,
      {
        key: "extOrderNo",
        label: label("Nomor pesanan (eksternal)", "Order number (external)"),
        required: false,
        helpText: help(
          "Nomor pesanan di sistem Anda; dipakai untuk mengubah status nanti.",
          "The order's number in your system; used to update its status later.",
        ),
      },
      {
        key: "lines",
        label: label("Baris pesanan", "Line items"),
        required: true,
        children: [
          {
            key: "product",
            label: label("Produk", "Product"),
            required: true,
            dynamic: "productList.id.label",
          },
          { key: "qty", label: label("Jumlah", "Quantity"), required: true, type: "number" },
          {
            key: "unit",
            label: label("Satuan", "Unit"),
            required: false,
            helpText: help(
              "Mis. PCS atau DUS; kosong = satuan dasar.",
              "E.g. PCS or DUS; empty = the base unit.",
            ),
          },
          {
            key: "price",
            label: label("Harga satuan", "Unit price"),
            required: false,
            helpText: help("Kosong = harga produk.", "Empty = the product's price."),
          },
          {
            key: "discount",
            label: label("Diskon %", "Discount %"),
            required: false,
            helpText: help(
              "Persen, bertingkat dengan +: `5` atau `10+5`.",
              "Percent, cascaded with +: `5` or `10+5`.",
            ),
          },
        ],
      },
      {
        key: "description",
        label: label("Catatan", "Notes"),
        required: false,
        type: "text",
      },
      team,
      idempotencyKey,
    ],
    perform: (z, bundle) =>
      postCommand(z, bundle, {
        action: "CreateOrder",
        path: "/orders",
        body: filled({
          ...customerOnDate(bundle.inputData),
          extOrderNo: bundle.inputData.extOrderNo,
          description: bundle.inputData.description,
          lines: (bundle.inputData.lines ?? []).map(line),
        }),
      }),
    sample: commandSample({ orderId: 7001 }),
  },
};
