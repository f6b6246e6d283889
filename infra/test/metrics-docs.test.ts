// docs/operations.md "Metrics the alarms read" is the contract between the alarms and the application: every
// metric infra/metrics.ts names is in the table with its unit and dimensions, and the "emitted today" column
// says whether the application's code writes it (its name appears in a source file of packages/ or
// functions/). When a later change starts writing one, this fails until the table says so.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_METRICS } from "../metrics.ts";
import { ROOT } from "./support/sst-fakes.ts";

interface Row {
  metric: string;
  unit: string;
  dimensions: string[];
  emitted: string;
}

function metricsTable(): Row[] {
  const text = readFileSync(join(ROOT, "docs/operations.md"), "utf8");
  const section = text.slice(text.indexOf("## Metrics the alarms read"));
  const body = section.slice(0, section.indexOf("\n## ", 1));
  return body
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.split("|").map((cell) => cell.trim());
      return {
        metric: cells[1]!.replaceAll("`", ""),
        unit: cells[2]!,
        dimensions: cells[3]!.split(",").map((name) => name.trim().replaceAll("`", "")),
        emitted: cells[5]!,
      };
    });
}

/** The application's sources (not tests, not the benchmark package). */
function appSources(): string {
  const files: string[] = [];
  for (const group of ["packages", "functions"])
    for (const name of readdirSync(join(ROOT, group))) {
      if (name === "bench") continue;
      const src = join(ROOT, group, name, "src");
      for (const entry of readdirSync(src, { recursive: true, encoding: "utf8" }))
        if (entry.endsWith(".ts")) files.push(readFileSync(join(src, entry), "utf8"));
    }
  return files.join("\n");
}

describe("docs/operations.md: Metrics the alarms read", () => {
  const rows = metricsTable();

  it("lists exactly the metrics the alarms and the dashboard read, with their unit and dimensions", () => {
    expect(rows.map((row) => row.metric).sort()).toEqual(Object.keys(APP_METRICS).sort());
    for (const row of rows) {
      const metric = APP_METRICS[row.metric as keyof typeof APP_METRICS];
      expect({ unit: row.unit, dimensions: row.dimensions }, row.metric).toEqual({
        unit: metric.unit,
        dimensions: [...metric.dimensions],
      });
    }
  });

  it("says truly which ones the application writes today", () => {
    const sources = appSources();
    for (const row of rows)
      expect(row.emitted, `${row.metric}: "emitted today"`).toBe(
        sources.includes(`"${row.metric}"`) ? "yes" : "no",
      );
  });
});
