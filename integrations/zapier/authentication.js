// Custom authentication: the deployment's base URL and an API key made with `smx keys create`. The
// connection test reads GET /api/v1/me, which names the key and its SalesMania connection.
"use strict";

const { apiUrl } = require("./lib/api.js");
const { help, label } = require("./lib/text.js");

module.exports = {
  type: "custom",
  fields: [
    {
      key: "baseUrl",
      label: label("URL dasar", "Base URL"),
      required: true,
      type: "string",
      helpText: help(
        "Alamat layanan salesmania-hooks Anda, mis. `https://hooks.perusahaan.co.id` (tanpa `/api/v1`).",
        "Your salesmania-hooks deployment's address, e.g. `https://hooks.example.com` (without `/api/v1`).",
      ),
    },
    {
      key: "apiKey",
      label: label("Kunci API", "API key"),
      required: true,
      type: "password",
      helpText: help(
        "Minta operator membuat kunci dengan `smx keys create --name zapier --connection <id>`; kunci dimulai dengan `smx_`.",
        "Ask your operator for a key made with `smx keys create --name zapier --connection <id>`; it starts with `smx_`.",
      ),
    },
  ],
  test: (z, bundle) => z.request({ url: apiUrl(bundle, "/me") }).then((response) => response.data),
  connectionLabel: "{{json.name}} ({{json.connection}})",
};
