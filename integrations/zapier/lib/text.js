// Labels and help in Indonesian first (SalesMania's users), then English: one string each, as Zapier shows
// one language per app.
"use strict";

/** "Pelanggan / Customer". */
const label = (id, en) => `${id} / ${en}`;

/** "ID: … EN: …" for help text. */
const help = (id, en) => `🇮🇩 ${id}\n\n🇬🇧 ${en}`;

module.exports = { label, help };
