// Talking to the actions API: the deployment's base URL and the key from the connection, an Idempotency-Key
// that is the same for every retry of one Zapier task, and errors shown the way Zapier expects them
// (z.errors.Error with the API's error code, the field at fault named in the message).
"use strict";

const { createHash } = require("node:crypto");

/** `https://hooks.example.com/` → `https://hooks.example.com/api/v1…` (trailing slashes cut without a regex). */
const apiUrl = (bundle, path) => {
  let base = String(bundle.authData.baseUrl).trim();
  while (base.endsWith("/")) base = base.slice(0, -1);
  return `${base}/api/v1${path}`;
};

/** Adds the key to every request (the connection test included). */
const addApiKey = (request, _z, bundle) => {
  if (bundle.authData?.apiKey) request.headers.Authorization = `Bearer ${bundle.authData.apiKey}`;
  request.headers.Accept = "application/json";
  return request;
};

/** JSON with sorted keys, so the same inputs always hash the same. */
const canonical = (value) => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
};

/**
 * The Idempotency-Key of one action: the one the user mapped (e.g. the trigger record's id), else one derived
 * from the zap and the step's inputs. Zapier's Autoreplay and a manual "Replay" of a task send the same inputs
 * again, so they get the same key and the API answers them from its ledger instead of creating twice.
 */
const idempotencyKey = (bundle, action) => {
  const mapped = bundle.inputData.idempotency_key;
  if (typeof mapped === "string" && mapped.trim() !== "") return mapped.trim().slice(0, 255);
  const zap = bundle.meta?.zap?.id ?? "no-zap";
  const { idempotency_key: _unused, ...inputs } = bundle.inputData;
  const digest = createHash("sha256").update(canonical({ action, inputs })).digest("hex").slice(0, 40);
  return `zapier-${zap}-${action}-${digest}`;
};

/** What the API's error body says, or a fallback when it sent none. */
const errorOf = (response) => {
  try {
    const body = typeof response.data === "object" ? response.data : JSON.parse(response.content);
    if (body?.error?.code) return body.error;
  } catch {
    // Not JSON (a proxy's page): fall through.
  }
  return { code: `http_${response.status}`, message: `the API answered HTTP ${response.status}` };
};

/**
 * Refusals become errors Zapier shows: a 409 in_progress and a 503 (the ledger or the hook is busy) are
 * "try again later" (ThrottledError, honouring Retry-After); anything else is z.errors.Error with the API's
 * code and the field or header at fault. 2xx answers, 202 included (accepted, delivered later), pass.
 */
const handleErrors = (response, z) => {
  if (response.status < 400) return response;
  const error = errorOf(response);
  const where = error.field ? ` (field: ${error.field})` : error.header ? ` (header: ${error.header})` : "";
  const message = `${error.message}${where}`;
  if (response.status === 409 && error.code === "in_progress") {
    throw new z.errors.ThrottledError(message, Number(response.getHeader("retry-after")) || 5);
  }
  if (response.status === 503 || response.status === 429) {
    throw new z.errors.ThrottledError(message, Number(response.getHeader("retry-after")) || 60);
  }
  throw new z.errors.Error(message, error.code, response.status);
};

/** POST a command with its Idempotency-Key; the API's answer (its `eventId`, `status`, `result`). */
const postCommand = async (z, bundle, { action, path, body }) => {
  const response = await z.request({
    method: "POST",
    url: apiUrl(bundle, path),
    headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey(bundle, action) },
    body: JSON.stringify(body),
  });
  return { id: response.data.eventId, ...response.data };
};

/** GET a page of a read endpoint. */
const getPage = async (z, bundle, path, params) => {
  const response = await z.request({ method: "GET", url: apiUrl(bundle, path), params });
  return response.data;
};

/**
 * A dropdown's value is a SalesMania id; a value typed or mapped by hand may be a code instead (`C-001`,
 * `P-001`): numbers are ids, anything else the external code.
 */
const refOf = (value, codeField) => {
  const text = String(value).trim();
  return /^\d{1,15}$/.test(text) ? { id: Number(text) } : { [codeField]: text };
};

/** Keeps only the fields the user filled in (Zapier sends empty strings for unmapped ones). */
const filled = (object) =>
  Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined && value !== null && value !== ""),
  );

module.exports = { addApiKey, apiUrl, filled, getPage, handleErrors, idempotencyKey, postCommand, refOf };
