// The app definition against Zapier's own schema (zapier-platform-schema), compiled the way the Zapier CLI
// compiles it (functions replaced by references): what `zapier validate` checks offline, which needs no
// Zapier account or network. Runs in `npm test`, so in `.ci/run`.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import App from "../index.js";

const require = createRequire(import.meta.url);
const schema = require("zapier-platform-schema");
const { compileApp } = require("zapier-platform-core/src/tools/schema");
const { recurseCleanFuncs } = require("zapier-platform-core/src/tools/cleaner");

const definition = JSON.parse(JSON.stringify(recurseCleanFuncs(compileApp(App))));

describe("the Zapier app definition", () => {
  it("validates against zapier-platform-schema", () => {
    const { errors } = schema.validateAppDefinition(definition);
    expect(errors.map((error: { stack: string }) => error.stack)).toEqual([]);
  });

  it("catches a broken definition (the check can fail)", () => {
    const visit = definition.creates.createVisit;
    const broken = {
      ...definition,
      creates: { ...definition.creates, createVisit: { ...visit, display: { ...visit.display, label: 7 } } },
    };
    expect(schema.validateAppDefinition(broken).errors.length).toBeGreaterThan(0);
  });

  it("has every action, search, trigger and dropdown the issue names, in both languages", () => {
    expect(Object.keys(definition.creates).sort()).toEqual(
      ["createCustomer", "createOrder", "createVisit", "updateOrderStatus"].sort(),
    );
    expect(Object.keys(definition.searches)).toEqual(["findCustomer"]);
    expect(Object.keys(definition.searchOrCreates)).toEqual(["findCustomer"]);
    expect(Object.keys(definition.triggers).sort()).toEqual(
      ["customerList", "newFailedEvent", "productList", "teamList"].sort(),
    );
    for (const item of [...Object.values(definition.creates), ...Object.values(definition.triggers)]) {
      const { label, description } = (item as { display: { label: string; description: string } }).display;
      expect(label).toContain(" / ");
      expect(description).toMatch(/🇮🇩[\s\S]*🇬🇧/);
    }
  });
});
