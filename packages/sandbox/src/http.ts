// Request helpers shared by the API routes: JSON bodies, ids in paths, pagination.
import * as v from "valibot";
import type { SandboxContext } from "./env.ts";
import { ApiError } from "./errors.ts";
import { validate } from "./validation.ts";

/** The body as JSON; 400 naming what arrived when it is empty or not JSON. */
export async function readJson(c: SandboxContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") throw new ApiError(400, "request body: expected JSON, got an empty body");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `request body: expected JSON, got malformed JSON (${(error as Error).message})`);
  }
}

/** The `:id` path parameter; a non-integer can name no record, so it is a 404 like an unknown id. */
export function pathId(c: SandboxContext, noun: string): number {
  const raw = c.req.param("id") ?? "";
  if (!/^\d+$/.test(raw)) throw new ApiError(404, `${noun} ${raw} not found`);
  return Number(raw);
}

export function notFound(noun: string, id: number): ApiError {
  return new ApiError(404, `${noun} ${id} not found`);
}

/** A positive integer carried as a query string. */
export const QueryInt = v.pipe(
  v.string(),
  v.regex(/^\d+$/, "expected a positive integer"),
  v.transform(Number),
  v.minValue(1, "expected a positive integer"),
);

const PageQuery = v.object({
  page: v.optional(QueryInt, "1"),
  limit: v.optional(v.pipe(QueryInt, v.maxValue(100, "expected at most 100")), "50"),
});

export interface PageRequest {
  page: number;
  limit: number;
}

export function pageQuery(c: SandboxContext): PageRequest {
  return validate(PageQuery, c.req.query());
}

/** The contract's list envelope: `{data, meta: {page, limit, total}}`. */
export function paginate<T>(rows: T[], { page, limit }: PageRequest) {
  return { data: rows.slice((page - 1) * limit, page * limit), meta: { page, limit, total: rows.length } };
}
