// The pattern language for finding a customer code or phone number in event text. Configured patterns run
// on untrusted text (anyone who can invite the calendar writes it), so they are not regular expressions: a
// pattern is literal text around exactly one placeholder, and matching is a single left-to-right scan whose
// work is linear in the text (each candidate is read at most `max + 1` characters far). No backtracking.
//
//   [{code}]            "Kunjungan [C-1001] Toko Maju"   → "C-1001"
//   Kode: {code:3-12}   "kode:  AB/77"                   → "AB/77"
//   WA {phone}          "wa 0812-3456-7890"              → "0812-3456-7890"
//   {digits:6}          "PO 123456"                      → "123456"
//
// Literal letters match either case; a space matches one or more whitespace characters; `{{` and `}}` are
// literal braces. A placeholder captures a maximal run of its kind (it never stops inside a run), so
// `{digits:4}` does not find "1234" inside "123456".

export const PLACEHOLDER_KINDS = ["code", "digits", "alnum", "phone"] as const;
export type PlaceholderKind = (typeof PLACEHOLDER_KINDS)[number];

export class PatternError extends Error {
  override name = "PatternError";
}

const DEFAULT_BOUNDS: Record<PlaceholderKind, [number, number]> = {
  code: [1, 32],
  digits: [1, 32],
  alnum: [1, 32],
  phone: [8, 24],
};
const MAX_CAPTURE = 64;
const MAX_PATTERN_LENGTH = 100;

/** A literal is a list of lower-cased characters, where " " stands for a run of whitespace. */
type Literal = string[];

export interface Pattern {
  source: string;
  prefix: Literal;
  kind: PlaceholderKind;
  min: number;
  max: number;
  suffix: Literal;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}
function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

interface KindRules {
  /** Characters a run is made of, separators aside. */
  core(c: number): boolean;
  /** May a run start with this character (given the next one)? */
  starts(c: number, next: number): boolean;
  /** Does this character extend a run (a separator only when the character after it extends it too)? */
  extends(c: number, next: number): boolean;
}

const CODE_SEPARATORS = new Set([45, 95, 47, 46]); // - _ / .
const PHONE_SEPARATORS = new Set([32, 45, 46]); // space - .

const KINDS: Record<PlaceholderKind, KindRules> = {
  digits: { core: isDigit, starts: isDigit, extends: isDigit },
  alnum: { core: isAlnum, starts: isAlnum, extends: isAlnum },
  code: {
    core: isAlnum,
    starts: isAlnum,
    extends: (c, next) => isAlnum(c) || (CODE_SEPARATORS.has(c) && isAlnum(next)),
  },
  phone: {
    core: isDigit,
    starts: (c, next) => isDigit(c) || (c === 43 && isDigit(next)),
    extends: (c, next) => isDigit(c) || (PHONE_SEPARATORS.has(c) && isDigit(next)),
  },
};

function toLiteral(text: string): Literal {
  const literal: Literal = [];
  for (const char of text) {
    const isWhitespace = isSpace(char.charCodeAt(0));
    if (isWhitespace && literal[literal.length - 1] === " ") continue;
    literal.push(isWhitespace ? " " : String.fromCharCode(lowerAscii(char.charCodeAt(0))));
  }
  return literal;
}

function parseBounds(spec: string | undefined, kind: PlaceholderKind, source: string): [number, number] {
  if (spec === undefined) return DEFAULT_BOUNDS[kind];
  const [low, high = low] = spec.split("-");
  const min = Number(low);
  const max = Number(high);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min || max > MAX_CAPTURE)
    throw new PatternError(
      `pattern "${source}": bounds "${spec}" must be N or N-M with 1 ≤ N ≤ M ≤ ${MAX_CAPTURE}`,
    );
  return [min, max];
}

/** Compiles a pattern; PatternError says what is wrong (for the configuration's key-path messages). */
export function compilePattern(source: string): Pattern {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH)
    throw new PatternError(`a pattern has 1 to ${MAX_PATTERN_LENGTH} characters`);
  const literals: string[] = [""];
  let placeholder: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if ((char === "{" || char === "}") && source[i + 1] === char) {
      literals[literals.length - 1] += char;
      i++;
    } else if (char === "{") {
      const close = source.indexOf("}", i);
      if (close < 0) throw new PatternError(`pattern "${source}": "{" without "}" (write "{{" for a brace)`);
      if (placeholder !== undefined)
        throw new PatternError(`pattern "${source}": only one placeholder allowed`);
      placeholder = source.slice(i + 1, close);
      literals.push("");
      i = close;
    } else if (char === "}") {
      throw new PatternError(`pattern "${source}": "}" without "{" (write "}}" for a brace)`);
    } else literals[literals.length - 1] += char;
  }
  if (placeholder === undefined)
    throw new PatternError(`pattern "${source}": needs one placeholder: {${PLACEHOLDER_KINDS.join("}, {")}}`);
  const [name, spec] = placeholder.split(":");
  const kind = PLACEHOLDER_KINDS.find((k) => k === name);
  if (kind === undefined)
    throw new PatternError(
      `pattern "${source}": unknown placeholder {${name}}; expected one of ${PLACEHOLDER_KINDS.join(", ")}`,
    );
  const [min, max] = parseBounds(spec, kind, source);
  // Whitespace before the prefix or after the suffix anchors nothing; dropping it also keeps every
  // whitespace run from being rescanned at each of its positions.
  const prefix = toLiteral(literals[0]!.trimStart());
  const suffix = toLiteral(literals[1]!.trimEnd());
  return { source, prefix, kind, min, max, suffix };
}

/** Index after `literal` matched at `at`, or -1. */
function matchLiteral(text: string, at: number, literal: Literal): number {
  let i = at;
  for (const expected of literal) {
    if (expected === " ") {
      if (!isSpace(text.charCodeAt(i))) return -1;
      while (isSpace(text.charCodeAt(i))) i++;
    } else if (lowerAscii(text.charCodeAt(i)) !== expected.charCodeAt(0)) return -1;
    else i++;
  }
  return i;
}

/** End of the run of `rules` starting at `at`, reading at most `limit` characters (then `at + limit`). */
function runEnd(text: string, at: number, rules: KindRules, limit: number): number {
  let i = at + 1;
  while (i - at < limit && rules.extends(text.charCodeAt(i), text.charCodeAt(i + 1))) i++;
  return i;
}

/** The captures of `pattern` in `text`, in order, without repeats, at most `limit` of them. */
export function findAll(pattern: Pattern, text: string, limit = 8): string[] {
  const rules = KINDS[pattern.kind];
  const found = new Set<string>();
  const capture = (start: number): number => {
    if (!rules.starts(text.charCodeAt(start), text.charCodeAt(start + 1))) return -1;
    const end = runEnd(text, start, rules, pattern.max + 1);
    const length = end - start;
    if (length >= pattern.min && length <= pattern.max && matchLiteral(text, end, pattern.suffix) >= 0)
      found.add(text.slice(start, end));
    return end;
  };
  for (let i = 0; i < text.length && found.size < limit; i++) {
    if (pattern.prefix.length > 0) {
      const start = matchLiteral(text, i, pattern.prefix);
      if (start >= 0) capture(start);
      continue;
    }
    // Without a prefix a run must not start inside another one ("123" in "PO 4123"); after each run the
    // scan jumps to its end, so runs never overlap.
    if (i > 0 && rules.core(text.charCodeAt(i - 1))) continue;
    const end = capture(i);
    if (end > i) i = runEnd(text, i, rules, Number.POSITIVE_INFINITY) - 1;
  }
  return [...found];
}
