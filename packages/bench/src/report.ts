// Turns a run's measurements into the tables `pnpm bench` prints (Markdown, so docs/performance.md can
// quote them as they are). Ratios are per round (ours ÷ baseline in the same round), then the median and
// range over rounds; absolute numbers are context only.
import type { BundleSize } from "./bundles.ts";
import type { Measured, RunResults } from "./runner.ts";
import type { Measurement } from "./scenarios.ts";
import type { SoakSample } from "./soak.ts";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const x = (n: number) => `${n.toFixed(2)}×`;
const perEvent = (m: Measurement) => m.cpuUs / m.events;

function ratios(list: Map<Measured, Measurement[]>, top: Measured, bottom: Measured): number[] {
  const a = list.get(top) ?? [];
  const b = list.get(bottom) ?? [];
  return a.flatMap((m, i) => (b[i] ? [perEvent(m) / perEvent(b[i]!)] : []));
}

function ratioCells(values: number[]): [string, string] {
  if (values.length === 0) return ["", ""];
  return [x(median(values)), `${x(Math.min(...values))} – ${x(Math.max(...values))}`];
}

export function cpuTable(results: RunResults): string {
  const rows = [...results.rounds].map(([path, list]) => {
    const micros = (name: Measured) => {
      const values = (list.get(name) ?? []).map(perEvent);
      return values.length ? median(values).toFixed(0) : "";
    };
    return [
      path,
      ...ratioCells(ratios(list, "ours", "baseline")),
      ratioCells(ratios(list, "floor", "baseline"))[0],
      micros("ours"),
      micros("baseline"),
      micros("floor"),
    ];
  });
  return table(
    ["path", "ours ÷ baseline (median)", "range", "floor ÷ baseline", "ours µs", "baseline µs", "floor µs"],
    rows,
  );
}

function sum(list: Measurement[], pick: (m: Measurement) => number): number {
  return list.reduce((total, m) => total + pick(m), 0);
}

function requests(list: Measurement[] | undefined): [string, string] {
  if (!list?.length) return ["", ""];
  const events = sum(list, (m) => m.events);
  const byOperation = new Map<string, number>();
  for (const m of list)
    for (const [operation, n] of Object.entries(m.dynamo))
      byOperation.set(operation, (byOperation.get(operation) ?? 0) + n);
  const dynamo = [...byOperation.values()].reduce((a, b) => a + b, 0) / events;
  const rate = (n: number) => (n / events < 0.005 ? "<0.01" : (n / events).toFixed(2));
  const detail = [...byOperation].map(([op, n]) => `${op} ${rate(n)}`).join(", ");
  return [`${dynamo.toFixed(2)} (${detail})`, (sum(list, (m) => m.salesmania) / events).toFixed(2)];
}

export function requestTable(results: RunResults): string {
  const rows = [...results.rounds].map(([path, list]) => [
    path,
    ...requests(list.get("ours")),
    ...requests(list.get("baseline")),
    ...requests(list.get("floor")),
  ]);
  return table(
    [
      "path (per event)",
      "ours DynamoDB",
      "ours SalesMania",
      "baseline DynamoDB",
      "baseline SalesMania",
      "floor DynamoDB",
      "floor SalesMania",
    ],
    rows,
  );
}

function answers(list: Measurement[] | undefined): string {
  if (!list?.length) return "";
  const passes = list[0]!.statuses.length;
  const labels = passes > 1 ? ["first", "retry"] : [""];
  return labels
    .map((label, pass) => {
      const counts = new Map<string, number>();
      for (const m of list)
        for (const [status, n] of Object.entries(m.statuses[pass] ?? {}))
          counts.set(status, (counts.get(status) ?? 0) + n);
      const text = [...counts].map(([status, n]) => `${status}×${n}`).join(" ");
      return label ? `${label}: ${text}` : text;
    })
    .join("; ");
}

function visits(list: Measurement[] | undefined): string {
  if (!list?.length || list[0]!.duplicates === undefined) return "";
  const events = sum(list, (m) => m.events);
  return `${sum(list, (m) => m.duplicates ?? 0)} duplicate, ${sum(list, (m) => m.lost ?? 0)} lost of ${events}`;
}

export function outcomeTable(results: RunResults): string {
  const rows = [...results.rounds].map(([path, list]) => [
    path,
    answers(list.get("ours")),
    visits(list.get("ours")),
    answers(list.get("baseline")),
    visits(list.get("baseline")),
  ]);
  return table(["path", "ours: answers", "ours: visits", "baseline: answers", "baseline: visits"], rows);
}

export function coldStartTable(times: Record<string, number[]>): string {
  const base = median(times.baseline ?? []);
  const bare = median(times["bare-hono"] ?? []);
  const rows = Object.entries(times).map(([name, values]) => {
    const mid = median(values);
    return [
      name,
      String(values.length),
      mid.toFixed(0),
      `${Math.min(...values).toFixed(0)} – ${Math.max(...values).toFixed(0)}`,
      x(mid / base),
      x(mid / bare),
    ];
  });
  return table(
    ["bundle", "n", "spawn → first answer ms (median)", "range", "÷ baseline", "÷ bare Hono"],
    rows,
  );
}

export function bundleTable(sizes: Record<string, BundleSize>): string {
  const base = sizes.baseline?.bytes ?? 1;
  const rows = Object.entries(sizes).map(([name, size]) => [
    name,
    `${(size.bytes / 1024).toFixed(0)} KB`,
    x(size.bytes / base),
    size.largest.map((p) => `${p.name} ${(p.share * 100).toFixed(0)}%`).join(", "),
  ]);
  return table(["bundle", "size", "÷ baseline", "largest packages (share of the bundle)"], rows);
}

export function memoryLine(memory: RunResults["memory"]): string {
  const parts = Object.entries(memory).map(
    ([name, m]) =>
      `${name} ${m.rssMb.toFixed(0)} MB (heap used ${m.heapUsedMb.toFixed(0)} MB, ` +
      `${m.heapAfterGcMb.toFixed(0)} MB after a full GC)`,
  );
  const { ours, baseline } = memory;
  const ratio = ours && baseline ? `; ours ÷ baseline ${x(ours.rssMb / baseline.rssMb)}` : "";
  return `RSS after the warm-up: ${parts.join(", ")}${ratio}`;
}

/** Our container's memory across the soak, and its growth (last sample − first). */
export function soakTable(samples: SoakSample[]): string {
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  const rows = samples.map((s) => [String(s.events), mb(s.rssMb), mb(s.heapUsedMb), mb(s.heapAfterGcMb)]);
  const first = samples[0];
  const last = samples.at(-1);
  if (first && last)
    rows.push([
      "growth",
      mb(last.rssMb - first.rssMb),
      mb(last.heapUsedMb - first.heapUsedMb),
      mb(last.heapAfterGcMb - first.heapAfterGcMb),
    ]);
  return table(["events since the rounds", "RSS", "heap used", "heap after a full GC"], rows);
}
