import type * as v from "valibot";

// Reading values out of a parsed payload by a path like `answers.email`, `items[0].sku` or a plain key that
// itself contains dots or `__` (Zapier's flattened `items__sku`, a form label "E-mail addr."). Writing
// command fields by dotted path. Both refuse prototype keys, so a payload can never reach Object.prototype.

const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One step into `value` by `key`: own properties of objects, numeric indexes of arrays. */
function step(value: unknown, key: string): unknown {
  if (isForbiddenKey(key)) return undefined;
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  if (isRecord(value) && Object.hasOwn(value, key)) return value[key];
  return undefined;
}

/** Positions where a path may be cut: before `.` and `[`. */
function cutPoints(path: string): number[] {
  const cuts: number[] = [];
  for (let i = 0; i < path.length; i++) if (path[i] === "." || path[i] === "[") cuts.push(i);
  return cuts;
}

/** After a cut, the rest of the path without its leading separator: `.b` → `b`, `[0].c` → `0.c`. */
function remainder(path: string, cut: number): string {
  if (path[cut] === ".") return path.slice(cut + 1);
  const close = path.indexOf("]", cut);
  if (close < 0) return path.slice(cut);
  const index = path.slice(cut + 1, close);
  const after = path.slice(close + 1);
  if (after === "" || after.startsWith(".") || after.startsWith("[")) return `${index}${after}`;
  return `${index}.${after}`;
}

/**
 * The value at `path` in `source`, or `undefined`. A whole remaining path that is a key wins over splitting
 * it, so keys containing dots or brackets still resolve; otherwise the path is cut at each `.`/`[` in turn.
 */
export function readPath(source: unknown, path: string): unknown {
  if (path === "") return source;
  const whole = step(source, path);
  if (whole !== undefined) return whole;
  for (const cut of cutPoints(path)) {
    const head = path.slice(0, cut);
    if (head === "") continue;
    const next = step(source, head);
    if (next === undefined) continue;
    const found = readPath(next, remainder(path, cut));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Sets `value` at a dotted command-field path, creating plain objects on the way. */
export function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (isRecord(child)) node = child;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  node[keys[keys.length - 1]!] = value;
}

/** Appends a key to a display path: `hooks` + 2 → `hooks[2]`, + `auth` → `.auth`, + `a.b` → `["a.b"]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** A valibot issue's location below `base`, as `hooks[2].auth.secrets` / `lines[0].qty`. */
export function issuePath(issue: v.BaseIssue<unknown>, base = ""): string {
  let path = base;
  for (const item of issue.path ?? [])
    path = joinPath(path, typeof item.key === "number" ? item.key : String(item.key));
  return path;
}
