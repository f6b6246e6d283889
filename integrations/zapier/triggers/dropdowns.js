// The hidden triggers behind the dynamic dropdowns (customer, product, team): one page of the API's list per
// Zapier page (Zapier counts from 0, the API from 1), so a long customer list loads as the user scrolls.
"use strict";

const { getPage } = require("../lib/api.js");
const { help, label } = require("../lib/text.js");

const dropdown = ({ key, noun, path, sample, describe }) => ({
  key,
  noun: noun.en,
  display: {
    label: label(`Daftar ${noun.id}`, `${noun.en} list`),
    description: help(`Mengisi pilihan ${noun.id}.`, `Fills the ${noun.en.toLowerCase()} dropdown.`),
    hidden: true,
  },
  operation: {
    canPaginate: true,
    perform: async (z, bundle) => {
      const page = await getPage(z, bundle, path, { page: (bundle.meta?.page ?? 0) + 1, limit: 100 });
      return page.items.map((item) => ({ ...item, label: describe(item) }));
    },
    sample: { ...sample, label: describe(sample) },
  },
});

const customerList = dropdown({
  key: "customerList",
  noun: { id: "pelanggan", en: "Customer" },
  path: "/customers",
  sample: { id: 100001, name: "Toko Sumber Rejeki", extCustNo: "C-001", phone: "+6281234567801" },
  describe: (c) => (c.extCustNo ? `${c.name} (${c.extCustNo})` : c.name),
});

const productList = dropdown({
  key: "productList",
  noun: { id: "produk", en: "Product" },
  path: "/products",
  sample: {
    id: 200001,
    name: "Teh Botol Manis 350ml",
    extProductCode: "P-001",
    units: [{ name: "PCS", price: 4500 }],
  },
  describe: (p) => (p.extProductCode ? `${p.name} (${p.extProductCode})` : p.name),
});

const teamList = dropdown({
  key: "teamList",
  noun: { id: "tim", en: "Team" },
  path: "/teams",
  sample: { id: 24728, name: "Sales Jakarta 1" },
  describe: (t) => t.name,
});

module.exports = { customerList, productList, teamList };
