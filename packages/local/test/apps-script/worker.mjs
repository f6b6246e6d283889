// An Apps Script runtime for tests: runs a script file (e.g. examples/google-calendar/Code.gs) in a vm
// context whose Google services forward each call to the test's fakes in the main thread. Apps Script calls
// are synchronous, so every call here is a message to the main thread and an Atomics.wait for its answer:
// this thread blocks, the main thread stays free to serve the HTTP the script's UrlFetchApp reaches.
// `Utilities` is computed here (pure functions over Apps Script's signed byte arrays).
import { createHmac, randomUUID } from "node:crypto";
import vm from "node:vm";
import { parentPort, workerData } from "node:worker_threads";

const { code, filename, shared } = workerData;
/** [0]: 1 once the answer is written; [1]: its length in bytes. */
const flag = new Int32Array(shared, 0, 2);
const answerBytes = new Uint8Array(shared, 8);

function call(method, ...args) {
  Atomics.store(flag, 0, 0);
  parentPort.postMessage({ kind: "call", method, args });
  Atomics.wait(flag, 0, 0);
  const answer = JSON.parse(new TextDecoder().decode(answerBytes.slice(0, Atomics.load(flag, 1))));
  if ("error" in answer) throw new Error(answer.error);
  return answer.value;
}

/** Apps Script's Byte[]: a plain array of numbers from -128 to 127. */
const toSignedBytes = (buffer) => Array.from(buffer, (byte) => (byte > 127 ? byte - 256 : byte));
const toBuffer = (value) =>
  typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(value.map((byte) => byte & 0xff));

const Utilities = {
  newBlob: (text) => ({
    getBytes: () => toSignedBytes(Buffer.from(text, "utf8")),
    getDataAsString: () => text,
  }),
  base64Encode: (value) => toBuffer(value).toString("base64"),
  base64Decode: (text) => toSignedBytes(Buffer.from(text, "base64")),
  computeHmacSha256Signature: (value, key) =>
    toSignedBytes(createHmac("sha256", toBuffer(key)).update(toBuffer(value)).digest()),
  getUuid: () => randomUUID(),
};

const scriptProperties = {
  getProperty: (key) => call("properties.get", key),
  setProperty: (key, value) => {
    call("properties.set", key, String(value));
    return scriptProperties;
  },
  deleteProperty: (key) => {
    call("properties.delete", key);
    return scriptProperties;
  },
  getProperties: () => call("properties.all"),
};

/** UrlFetchApp's HTTPResponse. */
const httpResponse = (answer) => ({
  getResponseCode: () => answer.code,
  getContentText: () => answer.text,
  getHeaders: () => answer.headers,
});

/** ScriptApp.newTrigger(name)…create(): the builder's steps are checked by the fake when created. */
function triggerBuilder(handler, steps) {
  return new Proxy(
    {},
    {
      get: (_, name) =>
        name === "create"
          ? () => call("ScriptApp.createTrigger", handler, steps)
          : (...args) => triggerBuilder(handler, [...steps, [name, ...args]]),
    },
  );
}

const log =
  (level) =>
  (...parts) =>
    call("console", level, parts.map(String).join(" "));

const context = vm.createContext({
  Calendar: {
    Events: {
      list: (calendarId, options) => call("Calendar.Events.list", calendarId, options),
      get: (calendarId, eventId) => call("Calendar.Events.get", calendarId, eventId),
    },
  },
  PropertiesService: { getScriptProperties: () => scriptProperties },
  UrlFetchApp: {
    fetch: (url, params) => httpResponse(call("UrlFetchApp.fetch", url, params)),
    fetchAll: (requests) => call("UrlFetchApp.fetchAll", requests).map(httpResponse),
  },
  LockService: {
    getScriptLock: () => ({
      tryLock: (ms) => call("LockService.tryLock", ms),
      releaseLock: () => call("LockService.releaseLock"),
    }),
  },
  ScriptApp: {
    getProjectTriggers: () => call("ScriptApp.getProjectTriggers"),
    deleteTrigger: (trigger) => call("ScriptApp.deleteTrigger", trigger),
    newTrigger: (handler) => triggerBuilder(handler, []),
  },
  Session: { getEffectiveUser: () => ({ getEmail: () => call("Session.effectiveUserEmail") }) },
  Utilities,
  console: { log: log("log"), info: log("info"), warn: log("warn"), error: log("error") },
});
vm.runInContext(code, context, { filename });

parentPort.on("message", (message) => {
  if (message.kind !== "run") return;
  try {
    const fn = vm.runInContext(message.fn, context);
    if (typeof fn !== "function") throw new Error(`the script has no function ${message.fn}`);
    fn(...message.args);
    parentPort.postMessage({ kind: "done" });
  } catch (error) {
    // An error thrown inside the vm is of the context's own Error class: read its message, not its class.
    const text = typeof error?.message === "string" ? error.message : String(error);
    parentPort.postMessage({ kind: "failed", error: text });
  }
});
