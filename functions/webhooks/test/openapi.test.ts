// docs/openapi.yaml validates (a maintained OpenAPI validator, @readme/openapi-parser) and covers every route
// the app serves; the actions API's command schemas name exactly the fields core's commands have.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { validate } from "@readme/openapi-parser";
import { ACTION_COMMANDS } from "@smx/core";
import { Intake } from "@smx/intake";
import { createRuntime } from "@smx/runtime";
import type * as v from "valibot";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { adminRoutes } from "../src/admin.ts";
import { apiRoutes } from "../src/api/index.ts";
import { createApp } from "../src/app.ts";

const file = fileURLToPath(new URL("../../../docs/openapi.yaml", import.meta.url));
const spec = parse(readFileSync(file, "utf8"));
const METHODS = ["get", "post", "put", "patch", "delete"];

describe("docs/openapi.yaml", () => {
  it("is a valid OpenAPI 3.1 description", async () => {
    const result = await validate(structuredClone(spec));
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("the validator refuses a broken description (the check can fail)", async () => {
    const broken = structuredClone(spec);
    broken.paths["/api/v1/visits"].post.responses["201"] = { $ref: "#/components/responses/Nowhere" };
    expect((await validate(broken)).valid).toBe(false);
  });

  it("describes every route the app serves", () => {
    const runtime = createRuntime({
      SMX_TABLE_NAME: "openapi-test",
      SMX_CONFIG_JSON: '{"connections":[],"hooks":[]}',
      SMX_SECRETS: "local",
    });
    // The operator and actions APIs are mounted lazily (one catch-all each in the app's own table), so their
    // routes are read from the route tables the app loads on their first request.
    const tables: { prefix: string; routes: { method: string; path: string }[] }[] = [
      { prefix: "", routes: createApp(runtime).routes },
      { prefix: "/admin", routes: adminRoutes(runtime, "key").routes },
      {
        prefix: "/api/v1",
        routes: apiRoutes(runtime, { intake: new Intake(runtime), budgetMs: 1_000 }).routes,
      },
    ];
    const served = tables.flatMap(({ prefix, routes }) =>
      routes
        .filter((route) => METHODS.includes(route.method.toLowerCase()))
        .map((route) => `${route.method.toLowerCase()} ${prefix}${route.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    const described = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => METHODS.filter((method) => method in item).map((method) => `${method} ${path}`),
    );
    const normalize = (route: string) => route.replace(/\{[^}]+\}/g, "{}");
    expect([...new Set(served.map(normalize))].sort()).toEqual([...new Set(described.map(normalize))].sort());
  });

  it("gives each action the fields of core's command", () => {
    const fieldsOf = (schema: v.GenericSchema) => {
      const object = "pipe" in schema ? (schema.pipe as v.GenericSchema[])[0] : schema;
      return Object.keys((object as unknown as { entries: object }).entries).filter((key) => key !== "kind");
    };
    const documented = (name: string) => Object.keys(spec.components.schemas[name].properties).sort();
    expect(documented("CreateVisit")).toEqual(fieldsOf(ACTION_COMMANDS.CreateVisit).sort());
    expect(documented("CreateOrder")).toEqual(fieldsOf(ACTION_COMMANDS.CreateOrder).sort());
    expect(documented("UpsertCustomer")).toEqual(fieldsOf(ACTION_COMMANDS.UpsertCustomer).sort());
    // The order an update is for comes from the path.
    expect(documented("UpdateOrder")).toEqual(
      fieldsOf(ACTION_COMMANDS.UpdateOrder)
        .filter((key) => key !== "order")
        .sort(),
    );
  });
});
