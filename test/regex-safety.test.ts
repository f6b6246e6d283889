// The guard that keeps issue 9's first finding fixed: every regular expression in the shipped code is
// checked with recheck (a ReDoS checker that finds exponential and polynomial backtracking), so none can
// take super-linear time on what a sender controls. Covered: every regex literal in packages/*/src and
// functions/*/src, the patterns built at run time (date formats, sandbox fault routes) for each token they
// can contain, and the valibot actions the schemas use that match with a regex of valibot's own.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { checkSync } from "recheck";
import ts from "typescript";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { formatPattern } from "../packages/sources/src/mapping/dates.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const SOURCE_DIRS = [
  ...["packages", "functions"].flatMap((top) =>
    readdirSync(join(ROOT, top)).map((name) => join(ROOT, top, name, "src")),
  ),
  // The Zapier app (plain JavaScript, as the Zapier CLI builds it): what a Zap's inputs reach.
  ...["lib", "creates", "searches", "triggers"].map((dir) => join(ROOT, "integrations", "zapier", dir)),
];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") || name.endsWith(".js") ? [path] : [];
  });
}

interface Found {
  where: string;
  source: string;
  flags: string;
}

/** Regex literals, and the places that build a RegExp at run time (each must be listed below). */
function regexesIn(file: string): { literals: Found[]; dynamic: string[] } {
  const text = readFileSync(file, "utf8");
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const literals: Found[] = [];
  const dynamic: string[] = [];
  const where = (node: ts.Node) =>
    `${relative(ROOT, file)}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const literal = (node as ts.RegularExpressionLiteral).text;
      const end = literal.lastIndexOf("/");
      literals.push({ where: where(node), source: literal.slice(1, end), flags: literal.slice(end + 1) });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "RegExp")
      dynamic.push(relative(ROOT, file));
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return { literals, dynamic };
}

const scanned = SOURCE_DIRS.flatMap(sourceFiles).map(regexesIn);
const literals = scanned.flatMap((s) => s.literals);

/** Where a RegExp is built at run time, and the patterns it can produce (each token kind at least once). */
const BUILT_AT_RUN_TIME: Record<string, Found[]> = {
  "packages/sources/src/mapping/dates.ts": [
    "DD/MM/YYYY",
    "D-M-YYYY H:mm:ss",
    "YYYY.MM.DD HH:mm",
    "MM/DD/YYYY",
  ].map((format) => ({ where: `formatPattern(${format})`, ...patternOf(formatPattern(format)) })),
  // Mirrors routeMatcher: literal segments escaped, `:param` segments as [^/]+.
  "packages/sandbox/src/faults.ts": [
    {
      where: "routeMatcher(POST /extapi/v1.0/customers/:id)",
      source: "^/extapi/v1\\.0/customers/[^/]+/?$",
      flags: "",
    },
  ],
};

function patternOf(regex: RegExp): { source: string; flags: string } {
  return { source: regex.source, flags: regex.flags };
}

/** valibot actions whose check is a regex of valibot's (`v.email` → EMAIL_REGEX), as used in the sources. */
function valibotRegexes(): Found[] {
  const used = new Set<string>();
  for (const file of SOURCE_DIRS.flatMap(sourceFiles))
    for (const match of readFileSync(file, "utf8").matchAll(/\bv\.([a-zA-Z0-9]+)\(/g)) used.add(match[1]!);
  const exported = v as unknown as Record<string, unknown>;
  return [...used].flatMap((action) => {
    const constant = `${action.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_REGEX`;
    const regex = exported[constant];
    return regex instanceof RegExp
      ? [{ where: `valibot v.${action}() (${constant})`, ...patternOf(regex) }]
      : [];
  });
}

function verdict(found: Found): string {
  const result = checkSync(found.source, found.flags, { timeout: 10_000 });
  if (result.status === "safe") return "safe";
  if (result.status === "vulnerable")
    return `vulnerable (${result.complexity.type}): attack ${result.attack.pattern} — ${found.where}`;
  return `unknown (${result.error.kind}) — ${found.where}`;
}

describe("regular expressions", () => {
  it("finds the regexes of the shipped code (the scan itself works)", () => {
    expect(literals.length).toBeGreaterThan(50);
    expect(literals.map((l) => l.source)).toContain("^\\d{4}-\\d{2}-\\d{2}$");
  });

  it("builds a RegExp at run time only where its patterns are checked below", () => {
    const places = [...new Set(scanned.flatMap((s) => s.dynamic))].sort();
    expect(places).toEqual(Object.keys(BUILT_AT_RUN_TIME).sort());
  });

  it.each(literals.map((l) => [l.where, l] as const))("%s is linear", (_where, found) => {
    expect(verdict(found)).toBe("safe");
  });

  it.each(
    Object.values(BUILT_AT_RUN_TIME)
      .flat()
      .map((f) => [f.where, f] as const),
  )("%s is linear", (_where, found) => {
    expect(verdict(found)).toBe("safe");
  });

  it("checks valibot's own regexes behind the actions the schemas use", () => {
    const found = valibotRegexes();
    expect(found.map((f) => f.where)).toContain("valibot v.email() (EMAIL_REGEX)");
    expect(found.map(verdict)).toEqual(found.map(() => "safe"));
  });

  it("would catch the e-mail pattern issue 9 found (the checker is not a stub)", () => {
    expect(verdict({ where: "old parseEmail", source: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$", flags: "" })).toMatch(
      /^vulnerable \(polynomial\)/,
    );
  });
});
