// A V8 CPU profile (`node --cpu-prof`) summed by package: self time of every sample, attributed through the
// module comments esbuild writes into an unminified bundle (`// node_modules/.pnpm/…/hono/dist/…`), Node's
// own modules as "node:*", and V8's pseudo-frames (GC, program, idle) as they are.
import { readFileSync } from "node:fs";
import { packageOf } from "./bundles.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Line (0-based) → the module it belongs to, from the bundle's `// path` markers at column 0. */
function moduleLines(bundleText: string): { starts: number[]; names: string[] } {
  const starts: number[] = [];
  const names: string[] = [];
  bundleText.split("\n").forEach((line, index) => {
    if (/^\/\/ \S+\.(?:[cm]?js|ts|json)$/.test(line)) {
      starts.push(index);
      names.push(packageOf(line.slice(3)));
    }
  });
  return { starts, names };
}

function moduleAt(lines: { starts: number[]; names: string[] }, line: number): string {
  let low = 0;
  let high = lines.starts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (lines.starts[mid]! <= line) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found < 0 ? "(bundle prelude)" : lines.names[found]!;
}

/** Self time (µs) by package, largest first; `bundle` is the unminified bundle the profile ran. */
export function selfTimeByPackage(profilePath: string, bundlePath: string): [string, number][] {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as CpuProfile;
  const lines = moduleLines(readFileSync(bundlePath, "utf8"));
  const bundleName = bundlePath.slice(bundlePath.lastIndexOf("/") + 1);
  const nodeGroup = new Map<number, string>();
  for (const { id, callFrame } of profile.nodes) {
    const { url, functionName, lineNumber } = callFrame;
    const group = url.endsWith(bundleName)
      ? moduleAt(lines, lineNumber)
      : url.startsWith("node:")
        ? "node:*"
        : url === ""
          ? functionName
          : url.endsWith("container.mjs")
            ? "(bench driver)"
            : url;
    nodeGroup.set(id, group);
  }
  const totals = new Map<string, number>();
  profile.samples.forEach((nodeId, i) => {
    const group = nodeGroup.get(nodeId) ?? "?";
    totals.set(group, (totals.get(group) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}
