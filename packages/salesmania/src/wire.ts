// Every ASSUMED detail of the SalesMania wire format lives here (listed in docs/salesmania-contract.md),
// so it can be corrected against the live API without touching the rest of the client. Each parser
// throws SalesmaniaResponseShapeError naming what was expected and what arrived.
import { Buffer } from "node:buffer";
import * as v from "valibot";
import { SalesmaniaResponseShapeError } from "./errors.ts";
import { Database, type Page, PageMeta, Team } from "./schemas.ts";

export const DEFAULT_BASE_URL = "https://api.salesmania.id";

/** Paths. DOC: the `v1.0` prefix, `/team_token`, `POST /v1.1/visits`, the customer/product/order nouns. */
export const PATHS = {
  token: "/extapi/v1.0/token", // ASSUMED
  databases: "/extapi/v1.0/databases", // ASSUMED
  teamToken: "/extapi/v1.0/team_token",
  teams: "/extapi/v1.0/teams", // ASSUMED
  customers: "/extapi/v1.0/customers",
  products: "/extapi/v1.0/products",
  orders: "/extapi/v1.0/orders",
  visits: "/extapi/v1.1/visits", // GET on it is ASSUMED
} as const;

/** `/customers/12` etc. ASSUMED for GET/DELETE of customers and all by-id product/order paths. */
export function itemPath(collection: string, id: number): string {
  return `${collection}/${id}`;
}

/** DOC: every data call carries the team token in this query parameter. */
export const TEAM_TOKEN_PARAM = "team_token";

/** ASSUMED query of `GET /team_token`. */
export function teamTokenQuery(databaseId: number, teamId: number | undefined): Record<string, string> {
  return teamId === undefined
    ? { db_id: String(databaseId) }
    : { db_id: String(databaseId), team_id: String(teamId) };
}

/** ASSUMED pagination: `page` from 1, `limit` default 50, at most 100. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;
export function pageQuery(page: number, limit: number): Record<string, string> {
  return { page: String(page), limit: String(limit) };
}

/** ASSUMED filters of `GET /v1.1/visits`. */
export function visitsQuery(date: string, teamId: number | undefined): Record<string, string> {
  return teamId === undefined ? { date } : { date, team_id: String(teamId) };
}

/** ASSUMED bearer lifetime when the token response has no `expires_in`. */
export const DEFAULT_BEARER_TTL_SECONDS = 86_400;

/** What arrived, for messages. `secret`: a token endpoint's answer — name its type, never its content. */
function describe(value: unknown, secret: boolean): string {
  if (value === undefined) return "an empty body";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return `keys [${Object.keys(value).join(", ")}]`;
  return secret ? `a ${typeof value}` : `${typeof value} ${JSON.stringify(value).slice(0, 60)}`;
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  return issue.path?.map((item) => String(item.key)).join(".") ?? "(root)";
}

/**
 * Parses `value` with `schema` or throws naming `expected`, what arrived and the first problems. With
 * `secret` (token answers) the problems name only the expected type: valibot's messages quote the value.
 */
export function expectShape<S extends v.GenericSchema>(
  operation: string,
  schema: S,
  expected: string,
  value: unknown,
  options: { secret?: boolean } = {},
): v.InferOutput<S> {
  const secret = options.secret === true;
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const problems = result.issues
    .slice(0, 3)
    .map((issue) =>
      secret
        ? `${issuePath(issue)}: expected ${issue.expected ?? "a valid value"}, got a ${typeof issue.input}`
        : `${issuePath(issue)}: ${issue.message}`,
    )
    .join("; ");
  throw new SalesmaniaResponseShapeError(operation, expected, `${describe(value, secret)} (${problems})`);
}

/** `GET /token` → `{token, expires_in?}` (ASSUMED field names). */
const BearerResponse = v.object({
  token: v.pipe(v.string(), v.nonEmpty()),
  expires_in: v.optional(v.pipe(v.number(), v.minValue(1))),
});
export function parseBearer(operation: string, body: unknown): { token: string; expiresInSeconds: number } {
  const parsed = expectShape(operation, BearerResponse, "{token, expires_in?}", body, { secret: true });
  return { token: parsed.token, expiresInSeconds: parsed.expires_in ?? DEFAULT_BEARER_TTL_SECONDS };
}

/** `GET /team_token` → `{team_token}` (ASSUMED). */
const TeamTokenResponse = v.object({ team_token: v.pipe(v.string(), v.nonEmpty()) });
export function parseTeamToken(operation: string, body: unknown): string {
  return expectShape(operation, TeamTokenResponse, "{team_token}", body, { secret: true }).team_token;
}

/**
 * The team a team token binds. DOC: a team token is `base64url(JSON).signature`, and the documented example's
 * payload decodes to `{"db_id":2981,"team_id":24728}`. ASSUMED: every token's payload carries `team_id` this
 * way, and "the API user's current team" (used when a visit or order omits `team_id`) is that team.
 * `undefined` when the payload cannot be read, so callers fall back to not knowing.
 */
const TeamTokenClaims = v.object({ team_id: v.pipe(v.number(), v.integer()) });
export function teamIdOfTeamToken(teamToken: string): number | undefined {
  const payload = teamToken.split(".")[0] ?? "";
  try {
    const claims = v.safeParse(
      TeamTokenClaims,
      JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
    );
    return claims.success ? claims.output.team_id : undefined;
  } catch {
    return undefined; // not base64url JSON: a token format this client does not know
  }
}

/** Unpaged lists (`/databases`, `/teams`) → `{data: [...]}` (ASSUMED envelope). */
export function parseDataList<S extends v.GenericSchema>(
  operation: string,
  item: S,
  itemName: string,
  body: unknown,
): v.InferOutput<S>[] {
  return expectShape(operation, v.object({ data: v.array(item) }), `{data: ${itemName}[]}`, body).data;
}
export const parseDatabases = (operation: string, body: unknown) =>
  parseDataList(operation, Database, "{id, name}", body);
export const parseTeams = (operation: string, body: unknown) =>
  parseDataList(operation, Team, "{id, name}", body);

/** Paged lists → `{data: [...], meta: {page, limit, total}}` (ASSUMED envelope). */
export function parsePage<S extends v.GenericSchema>(
  operation: string,
  item: S,
  itemName: string,
  body: unknown,
): Page<v.InferOutput<S>> {
  const schema = v.object({ data: v.array(item), meta: PageMeta });
  return expectShape(operation, schema, `{data: ${itemName}[], meta: {page, limit, total}}`, body);
}

/** True when `page` is the last one: `page * limit >= total`, or it came back empty. */
export function isLastPage(page: Page<unknown>): boolean {
  return page.data.length === 0 || page.meta.page * page.meta.limit >= page.meta.total;
}

/** A single record (`GET /customers/{id}` …): the record itself, not wrapped (ASSUMED). */
export function parseRecord<S extends v.GenericSchema>(
  operation: string,
  schema: S,
  name: string,
  body: unknown,
): v.InferOutput<S> {
  return expectShape(operation, schema, name, body);
}

const CreatedId = v.object({ id: v.pipe(v.number(), v.integer()) });
/** `POST /products`, `/orders` → `{id}` (ASSUMED). */
export function parseCreatedId(operation: string, body: unknown): { id: number } {
  return { id: expectShape(operation, CreatedId, "{id}", body).id };
}

/** `POST /customers` → `{id}`, or `{}` when the API does not say (ASSUMED). */
const CreatedMaybeId = v.object({ id: v.optional(v.pipe(v.number(), v.integer())) });
export function parseCreatedMaybeId(operation: string, body: unknown): { id?: number } {
  const { id } = expectShape(operation, CreatedMaybeId, "{id?}", body);
  return id === undefined ? {} : { id };
}

/** PATCH, DELETE and `POST /v1.1/visits` → `{}`; any other object, or no body (ASSUMED), is accepted too. */
const Ack = v.custom<Record<string, unknown> | undefined>(
  (value) => value === undefined || (typeof value === "object" && value !== null && !Array.isArray(value)),
  "expected a JSON object or no body",
);
export function parseAck(operation: string, body: unknown): void {
  expectShape(operation, Ack, "{}", body);
}

/** Error bodies: `{message, errors?: {field: reason}}` (ASSUMED). Anything else keeps the raw text only. */
const ErrorBody = v.object({
  message: v.string(),
  errors: v.optional(v.record(v.string(), v.string())),
});
export function parseErrorBody(
  text: string,
  statusText: string,
): { apiMessage: string; fieldErrors: Record<string, string> | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the raw text stays on the error's `body`.
    return { apiMessage: statusText || text.slice(0, 200), fieldErrors: undefined };
  }
  const result = v.safeParse(ErrorBody, json);
  if (!result.success) return { apiMessage: statusText || text.slice(0, 200), fieldErrors: undefined };
  return { apiMessage: result.output.message, fieldErrors: result.output.errors };
}

/** `Retry-After` in seconds (ASSUMED; an HTTP date is understood too). */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}

/**
 * Bodies are JSON; an empty 2xx body reads as `undefined` so the parsers above can name it. `secret`: a
 * token endpoint's body, which may be the bare token (as text), so only its length is shown.
 */
export function parseJsonBody(operation: string, text: string, options: { secret?: boolean } = {}): unknown {
  const secret = options.secret === true;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new SalesmaniaResponseShapeError(
      operation,
      "a JSON body",
      secret ? `text of ${text.length} characters` : `text ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
}
