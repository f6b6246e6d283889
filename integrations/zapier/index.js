// The SalesMania Zapier app: every action goes through the deployment's actions API (/api/v1), so it is
// claimed in the exactly-once ledger like any hook, instead of reaching SalesMania directly.
"use strict";

const { version: platformVersion } = require("zapier-platform-core");
const { version } = require("./package.json");
const authentication = require("./authentication.js");
const createCustomer = require("./creates/create-customer.js");
const createOrder = require("./creates/create-order.js");
const createVisit = require("./creates/create-visit.js");
const updateOrderStatus = require("./creates/update-order-status.js");
const { addApiKey, handleErrors } = require("./lib/api.js");
const findCustomer = require("./searches/find-customer.js");
const { customerList, productList, teamList } = require("./triggers/dropdowns.js");
const newFailedEvent = require("./triggers/new-failed-event.js");

const byKey = (...items) => Object.fromEntries(items.map((item) => [item.key, item]));

module.exports = {
  version,
  platformVersion,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [handleErrors],
  triggers: byKey(newFailedEvent, customerList, productList, teamList),
  searches: byKey(findCustomer),
  creates: byKey(createVisit, createOrder, updateOrderStatus, createCustomer),
  searchOrCreates: {
    findCustomer: {
      key: "findCustomer",
      display: {
        label: "Cari atau Buat Pelanggan / Find or Create Customer",
        description: "Membuat pelanggan bila tidak ditemukan. / Creates the customer when none is found.",
      },
      search: "findCustomer",
      create: "createCustomer",
    },
  },
};
