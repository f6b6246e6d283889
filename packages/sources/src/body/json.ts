// JSON bodies. The platform parser does the work; when it fails, a small scan finds where, because V8's
// messages only sometimes carry a position and sometimes quote the body (which may hold personal data).

/** Unwinds the scan at the first error. */
class JsonStop extends Error {
  override name = "JsonStop";
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Where `text` stops being JSON, and why. Only called on text JSON.parse rejected. */
export function locateJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonStop(i, reason);
  };
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const expectChar = (c: string) => {
    if (text[i] !== c) fail(i >= text.length ? `expected '${c}' but the body ended` : `expected '${c}'`);
    i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected '${text[i]}'`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("bad \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) fail("bad escape");
      } else if (text.charCodeAt(i) < 0x20) fail("control character in a string");
      i++;
    }
    expectChar('"');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (match === null) fail(`unexpected '${text[i]}'`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail("the body ended where a value was expected");
    else if (c === "{") members("}", property);
    else if (c === "[") members("]", value);
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else number();
  };
  const property = () => {
    ws();
    if (text[i] !== '"')
      fail(
        text[i] === undefined
          ? "the body ended inside an object"
          : `expected a property name, got '${text[i]}'`,
      );
    string();
    ws();
    expectChar(":");
    value();
  };
  const members = (close: string, member: () => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      expectChar(close);
      return;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected '${text[i]}' after the end of the JSON value`);
  } catch (error) {
    if (error instanceof JsonStop) return { offset: error.offset, reason: error.reason };
    throw error;
  }
  return { offset: i, reason: "not valid JSON" };
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
