// The JSON scanner: grammar and limits (nesting depth, length of each string) checked in one iterative pass,
// in linear time, before the platform parser builds anything. It also finds number literals a double cannot
// hold exactly, and property names that are (or decode to) `__proto__`. json.ts turns what it found into
// the body's value or the error that names the fault.
import { joinPath } from "../mapping/path.ts";
import { MAX_SIGNIFICANT_DIGITS, significantDigits } from "../mapping/precision.ts";
import type { BodyLimits } from "./limits.ts";

export interface JsonScan {
  /** [start, end) of number literals a double cannot hold exactly. */
  imprecise: [number, number][];
  /** A property name is, or may decode to, `__proto__`. */
  protoKey: boolean;
}

export type Stop = { offset: number; reason: string; limit?: "depth" | "string"; path?: string };

const OBJECT = 1;
const ARRAY = 2;
// A quote, a backslash or a control character (which JSON forbids raw inside strings).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const SPECIAL_IN_STRING = /["\\\u0000-\u001f]/g;
const ESCAPES = '"\\/bfnrt';
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Grammar and limits in one pass; `stop` says where and why it failed. */
export class Scanner {
  private i = 0;
  private readonly kinds: number[] = [];
  /** Per open container: the current key's [start, end) (objects) or the current index (arrays). */
  private readonly at: number[] = [];
  private readonly atEnd: number[] = [];
  /** Whether the last string scanned had escapes. */
  private escaped = false;
  readonly scan: JsonScan = { imprecise: [], protoKey: false };

  constructor(
    private readonly text: string,
    private readonly limits: BodyLimits,
  ) {}

  run(): Stop | undefined {
    const { text } = this;
    for (;;) {
      // A value is expected here.
      this.ws();
      const c = text[this.i];
      if (c === "{" || c === "[") {
        if (this.kinds.length >= this.limits.maxDepth)
          return {
            offset: this.i,
            reason: `nested deeper than ${this.limits.maxDepth} levels`,
            limit: "depth",
            path: this.path(),
          };
        this.i++;
        this.kinds.push(c === "{" ? OBJECT : ARRAY);
        this.at.push(0);
        this.atEnd.push(0);
        this.ws();
        if (text[this.i] === (c === "{" ? "}" : "]")) {
          this.i++;
          this.close();
        } else if (c === "{") {
          const stop = this.member();
          if (stop) return stop;
          continue;
        } else continue;
      } else {
        const stop = this.scalar(c);
        if (stop) return stop;
      }
      // After a value: a separator, a closing bracket, or the end.
      for (;;) {
        this.ws();
        const depth = this.kinds.length;
        if (depth === 0) {
          if (this.i < text.length)
            return { offset: this.i, reason: `unexpected '${text[this.i]}' after the end of the JSON value` };
          return undefined;
        }
        const kind = this.kinds[depth - 1];
        const close = kind === OBJECT ? "}" : "]";
        const next = text[this.i];
        if (next === ",") {
          this.i++;
          if (kind === ARRAY) {
            this.at[depth - 1]!++;
            break;
          }
          const stop = this.member();
          if (stop) return stop;
          break;
        }
        if (next === close) {
          this.i++;
          this.close();
          continue;
        }
        return this.fail(
          next === undefined ? `expected '${close}' but the body ended` : `expected '${close}'`,
        );
      }
    }
  }

  private close(): void {
    this.kinds.pop();
    this.at.pop();
    this.atEnd.pop();
  }

  /** A property name and its colon; the value follows. */
  private member(): Stop | undefined {
    this.ws();
    const c = this.text[this.i];
    if (c !== '"')
      return this.fail(
        c === undefined ? "the body ended inside an object" : `expected a property name, got '${c}'`,
      );
    const start = this.i + 1;
    const stop = this.string();
    if (stop) return stop;
    const end = this.i - 1;
    const depth = this.kinds.length;
    this.at[depth - 1] = start;
    this.atEnd[depth - 1] = end;
    if (!this.scan.protoKey && isProtoKey(this.text, start, end, this.escaped)) this.scan.protoKey = true;
    this.ws();
    if (this.text[this.i] !== ":")
      return this.fail(this.i >= this.text.length ? "expected ':' but the body ended" : "expected ':'");
    this.i++;
    return undefined;
  }

  private scalar(c: string | undefined): Stop | undefined {
    if (c === undefined) return this.fail("the body ended where a value was expected");
    if (c === '"') return this.string();
    if (c === "t") return this.literal("true");
    if (c === "f") return this.literal("false");
    if (c === "n") return this.literal("null");
    return this.number();
  }

  private literal(word: string): Stop | undefined {
    if (!this.text.startsWith(word, this.i)) return this.fail(`unexpected '${this.text[this.i]}'`);
    this.i += word.length;
    return undefined;
  }

  /** From the opening quote to after the closing one; the decoded length is checked against the limit. */
  private string(): Stop | undefined {
    const { text } = this;
    const open = this.i;
    let shorter = 0;
    let from = open + 1;
    for (;;) {
      SPECIAL_IN_STRING.lastIndex = from;
      const found = SPECIAL_IN_STRING.exec(text);
      if (found === null) {
        this.i = text.length;
        return this.fail(`expected '"' but the body ended`);
      }
      const at = found.index;
      const c = text[at]!;
      if (c === '"') {
        this.i = at + 1;
        this.escaped = shorter > 0;
        const length = at - open - 1 - shorter;
        if (length > this.limits.maxStringChars)
          return {
            offset: open,
            reason: `a string of ${length} characters; at most ${this.limits.maxStringChars} are accepted in one field`,
            limit: "string",
            path: this.path(),
          };
        return undefined;
      }
      if (c !== "\\") {
        this.i = at;
        return this.fail("control character in a string");
      }
      const escaped = text[at + 1];
      if (escaped === "u") {
        if (!HEX4.test(text.slice(at + 2, at + 6))) {
          this.i = at;
          return this.fail("bad \\u escape");
        }
        shorter += 5;
        from = at + 6;
      } else if (escaped !== undefined && ESCAPES.includes(escaped)) {
        shorter += 1;
        from = at + 2;
      } else {
        this.i = at;
        return this.fail("bad escape");
      }
    }
  }

  private number(): Stop | undefined {
    const { text } = this;
    const start = this.i;
    if (text[this.i] === "-") this.i++;
    const digitsFrom = this.i;
    if (text[this.i] === "0") this.i++;
    else if (isDigit(text[this.i])) while (isDigit(text[this.i])) this.i++;
    else return this.fail(`unexpected '${text[start] ?? ""}'`);
    const integerEnd = this.i;
    let exact = true;
    if (text[this.i] === ".") {
      this.i++;
      if (!isDigit(text[this.i])) return this.fail(`unexpected '${text[this.i] ?? ""}'`);
      while (isDigit(text[this.i])) this.i++;
      exact = false;
    }
    if (text[this.i] === "e" || text[this.i] === "E") {
      this.i++;
      if (text[this.i] === "+" || text[this.i] === "-") this.i++;
      if (!isDigit(text[this.i])) return this.fail(`unexpected '${text[this.i] ?? ""}'`);
      while (isDigit(text[this.i])) this.i++;
      exact = false;
    }
    const literal = text.slice(digitsFrom, this.i);
    const imprecise = exact
      ? integerEnd - digitsFrom > 15 && !Number.isSafeInteger(Number(literal))
      : significantDigits(literal.slice(0, exponentAt(literal))) > MAX_SIGNIFICANT_DIGITS;
    if (imprecise) this.scan.imprecise.push([start, this.i]);
    return undefined;
  }

  private ws(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else return;
    }
  }

  private fail(reason: string): Stop {
    return { offset: this.i, reason };
  }

  /** Where the scan is, as a display path (`items[2].sku`); only built for a limit's message. */
  private path(): string {
    let path = "";
    for (let depth = 0; depth < this.kinds.length; depth++) {
      if (this.kinds[depth] === ARRAY) path = joinPath(path, this.at[depth]!);
      else if (this.atEnd[depth]! > 0) {
        const raw = this.text.slice(this.at[depth]! - 1, this.atEnd[depth]! + 1);
        path = joinPath(path, JSON.parse(raw) as string);
      }
    }
    return path;
  }
}

/** The key between `start` and `end` reads `__proto__` (written plainly or with escapes). */
function isProtoKey(text: string, start: number, end: number, escaped: boolean): boolean {
  if (!escaped) return end - start === 9 && text.startsWith("__proto__", start);
  return JSON.parse(text.slice(start - 1, end + 1)) === "__proto__";
}

function exponentAt(literal: string): number {
  const e = literal.search(/[eE]/);
  return e < 0 ? literal.length : e;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}
