// Test helper (not part of the runtime surface): hostile bodies for fuzzing the inbound path (issue 9, item 9),
// built from a source's sample payload so most of them get deep into parse → normalize — random bytes,
// truncated and deeply nested JSON, huge and adversarial strings, wrong types, unicode, prototype keys,
// numbers a double cannot hold, broken percent escapes and multipart framing.
import fc from "fast-check";
import { samplePayload } from "../sender/samples.ts";

export interface Sample {
  body: Uint8Array;
  contentType: string;
}

export interface FuzzBody extends Sample {
  /** Which generator made it, for the failure report. */
  kind: string;
}

/** A body as fast-check prints a counterexample: its kind, size and start, not every byte. */
function labelled(body: Sample & { kind: string }): FuzzBody {
  const text = decoder.decode(body.body);
  const shown = text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return Object.assign(body, {
    [fc.toStringMethod]: () =>
      `${body.kind} ${body.contentType} body of ${body.body.length} bytes: ${JSON.stringify(shown)}`,
  });
}

type Path = (string | number)[];

const BIG_NUMBER = "__smx_big_number__";
const PROTO = "__smx_proto__";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Strings built to make a careless parser or regex work super-linearly, at sizes up to `max`. */
export function adversarialString(max = 20_000): fc.Arbitrary<string> {
  const patterns: ((n: number) => string)[] = [
    (n) => `a@${".".repeat(n)}@`,
    (n) => `${"a".repeat(n)}@x.io`,
    (n) => "9".repeat(n),
    (n) => `1.${"0".repeat(n)}1`,
    (n) => `2026-01-01T${"1".repeat(n)}`,
    (n) => `${" ".repeat(n)}x`,
    (n) => "%".repeat(n),
    (n) => "/".repeat(n),
    (n) => `${"1.".repeat(n)}5`,
    (n) => "\u0000".repeat(n),
  ];
  return fc
    .tuple(fc.constantFrom(...patterns), fc.integer({ min: 1, max }))
    .map(([pattern, n]) => pattern(n));
}

/** A value to put anywhere: JSON of any type, unicode, adversarial text, a huge number, prototype keys. */
function anyValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 4, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: adversarialString() },
    { weight: 1, arbitrary: fc.constantFrom(BIG_NUMBER, PROTO) },
  );
}

function pathsOf(value: unknown, prefix: Path = [], depth = 0): Path[] {
  if (depth > 6 || typeof value !== "object" || value === null) return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...prefix, key], depth + 1)),
  ];
}

function setPath(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

function jsonText(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll(`"${BIG_NUMBER}"`, "123456789012345678901234567890")
    .replaceAll(
      `"${PROTO}"`,
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
}

/** JSON texts around `sample`: mutated at a random path, truncated, deeply nested, or anything at all. */
export function jsonTextArbitrary(sampleText: string): fc.Arbitrary<{ text: string; kind: string }> {
  const sample: unknown = JSON.parse(sampleText);
  const paths = pathsOf(sample);
  const labelled = (kind: string, arbitrary: fc.Arbitrary<string>) =>
    arbitrary.map((text) => ({ text, kind }));
  return fc.oneof(
    {
      weight: 12,
      arbitrary: labelled(
        "mutated",
        fc
          .tuple(fc.constantFrom(...paths), anyValue())
          .map(([path, value]) => jsonText(setPath(sample, path, value))),
      ),
    },
    {
      weight: 2,
      arbitrary: labelled(
        "truncated",
        fc.integer({ min: 0, max: sampleText.length }).map((n) => sampleText.slice(0, n)),
      ),
    },
    {
      weight: 1,
      arbitrary: labelled(
        "deep",
        fc.integer({ min: 1, max: 20_000 }).map((d) => `{"a":${"[".repeat(d)}${"]".repeat(d)}}`),
      ),
    },
    { weight: 2, arbitrary: labelled("any JSON", fc.jsonValue({ maxDepth: 4 }).map(jsonText)) },
  );
}

/** A form sample's fields, in order (repeated names kept). */
function formFields(sample: Sample): [string, string][] {
  const text = decoder.decode(sample.body);
  if (sample.contentType.startsWith("multipart/")) {
    const boundary = sample.contentType.split("boundary=")[1]!;
    return text
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => {
        const [head = "", ...rest] = part.split("\r\n\r\n");
        const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
        const value = rest.join("\r\n\r\n");
        return [name, value.endsWith("\r\n") ? value.slice(0, -2) : value];
      });
  }
  return text.split("&").map((pair) => {
    const [name = "", value = ""] = pair.split("=").map((s) => decodeURIComponent(s.replace(/\+/g, " ")));
    return [name, value];
  });
}

function formBody(fields: [string, string][], multipart: boolean): Sample {
  if (!multipart) {
    const text = fields.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join("&");
    return { body: encoder.encode(text), contentType: "application/x-www-form-urlencoded" };
  }
  const boundary = "----smxFuzzBoundary";
  const parts = fields.map(
    ([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`,
  );
  return {
    body: encoder.encode(`${parts.join("")}--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Form bodies around `sample`: values replaced (JSON values mutated as JSON), names added, text cut short. */
function formArbitrary(sample: Sample): fc.Arbitrary<FuzzBody> {
  const fields = formFields(sample);
  const multipart = sample.contentType.startsWith("multipart/");
  const value = (original: string): fc.Arbitrary<string> => {
    const asJson = original.startsWith("{") ? [jsonTextArbitrary(original).map((j) => j.text)] : [];
    const json = asJson.map((arbitrary) => ({ weight: 3, arbitrary }));
    return fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
      { weight: 1, arbitrary: adversarialString() },
      ...json,
    );
  };
  const replaced = fc
    .integer({ min: 0, max: fields.length - 1 })
    .chain((i) =>
      value(fields[i]![1]).map((v) => fields.map((f, j): [string, string] => (j === i ? [f[0], v] : f))),
    );
  const added = fc
    .tuple(
      fc.constantFrom("__proto__", "constructor", "prototype", "items__sku", "q9_x"),
      fc.string({ maxLength: 20 }),
    )
    .map((extra): [string, string][] => [...fields, extra]);
  const text = decoder.decode(sample.body);
  return fc.oneof(
    { weight: 6, arbitrary: replaced.map((f) => ({ ...formBody(f, multipart), kind: "field replaced" })) },
    { weight: 2, arbitrary: added.map((f) => ({ ...formBody(f, multipart), kind: "field added" })) },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 0, max: text.length }).map((n) => ({
        body: encoder.encode(text.slice(0, n)),
        contentType: sample.contentType,
        kind: "truncated",
      })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: "binary", maxLength: 300 }).map((raw) => ({
        body: encoder.encode(raw),
        contentType: sample.contentType,
        kind: "raw text",
      })),
    },
  );
}

/** Hostile bodies for a source whose sample is `sample`, plus random bytes under its content type. */
export function bodyArbitrary(sample: Sample): fc.Arbitrary<FuzzBody> {
  const structured = sample.contentType.includes("json")
    ? jsonTextArbitrary(decoder.decode(sample.body)).map(({ text, kind }) => ({
        body: encoder.encode(text),
        contentType: sample.contentType,
        kind,
      }))
    : formArbitrary(sample);
  const bytes = fc
    .uint8Array({ maxLength: 1024 })
    .map((body) => ({ body, contentType: sample.contentType, kind: "random bytes" }));
  return fc.oneof({ weight: 9, arbitrary: structured }, { weight: 1, arbitrary: bytes }).map(labelled);
}

/** A body of about `bytes` made of the sample and harmless padding: the linear-work baseline for a size. */
export function paddedSample(sample: Sample, bytes: number): Sample {
  const chunk = "x".repeat(8_000);
  const count = Math.max(0, Math.floor((bytes - sample.body.length) / 8_020));
  if (sample.contentType.includes("json")) {
    const text = decoder.decode(sample.body);
    const close = text.lastIndexOf("}");
    const padded = `${text.slice(0, close)},"pad":${JSON.stringify(Array(count).fill(chunk))}}`;
    return { body: encoder.encode(padded), contentType: sample.contentType };
  }
  const pads = Array.from({ length: count }, (_, i): [string, string] => [`pad${i}`, chunk]);
  return formBody([...formFields(sample), ...pads], sample.contentType.startsWith("multipart/"));
}

/** The seed of this run: SMX_FUZZ_SEED to reproduce one, else a new one (printed by the caller). */
export function fuzzSeed(env: Record<string, string | undefined> = process.env): number {
  const given = env.SMX_FUZZ_SEED;
  return given !== undefined && /^-?\d+$/.test(given) ? Number(given) : Date.now() % 2_147_483_647;
}

/** The sample payload of a source kind (examples/payloads/<source>.json|.txt) and its content type. */
export function examplePayload(source: string): Sample {
  const { body, contentType } = samplePayload(source);
  return { body, contentType };
}
