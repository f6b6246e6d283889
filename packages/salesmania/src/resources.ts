// The typed endpoint groups. Each checks its arguments with the valibot schemas before anything is sent
// (SalesmaniaInputError names the field) and reads the answer through a wire.ts parser.
import * as v from "valibot";
import { SalesmaniaInputError, SalesmaniaResponseShapeError } from "./errors.ts";
import { DateString, type Page, type PageParams } from "./schemas.ts";
import type { HttpMethod } from "./transport.ts";
import {
  isLastPage,
  itemPath,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  pageQuery,
  parseAck,
  parsePage,
  parseRecord,
} from "./wire.ts";

export interface CallOptions {
  /** The caller's time budget; when it aborts the call ends with SalesmaniaTimeoutError, no more retries. */
  signal?: AbortSignal;
}

/** A data call (bearer + team token) as the client executes it. */
export interface DataCall<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  parse: (operation: string, body: unknown) => T;
}
export type Caller = <T>(call: DataCall<T>, options: CallOptions | undefined) => Promise<T>;

const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
const PageParamsSchema = v.object({
  page: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(PAGE_LIMIT_MAX))),
});
const VisitQuery = v.object({ ...PageParamsSchema.entries, date: DateString, teamId: v.optional(Id) });

/** Parses a request argument or throws SalesmaniaInputError naming each bad field. */
export function checkInput<S extends v.GenericSchema>(
  operation: string,
  schema: S,
  value: unknown,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  throw new SalesmaniaInputError(
    operation,
    result.issues.map(
      (issue) => `${issue.path?.map((item) => String(item.key)).join(".") ?? "(value)"}: ${issue.message}`,
    ),
  );
}

export function checkId(operation: string, id: number): number {
  return checkInput(operation, Id, id);
}

function pageQueryOf(operation: string, params: PageParams | undefined): Record<string, string> {
  const { page, limit } = checkInput(operation, PageParamsSchema, params ?? {});
  return pageQuery(page ?? 1, limit ?? PAGE_LIMIT_DEFAULT);
}

/**
 * Walks every page from 1 until `page·limit ≥ total` or an empty page. A server that answers another page
 * than the one asked for (ignoring `page`) would make the walk endless, so that is a shape error.
 */
export async function* walkPages<T>(
  operation: string,
  fetchPage: (page: number) => Promise<Page<T>>,
): AsyncGenerator<T> {
  for (let page = 1; ; page++) {
    const result = await fetchPage(page);
    if (result.meta.page !== page)
      throw new SalesmaniaResponseShapeError(
        operation,
        `meta.page ${page} (the page asked for)`,
        `meta.page ${result.meta.page}`,
      );
    yield* result.data;
    if (isLastPage(result)) return;
  }
}

export interface Collection<Record, Input, Patch, Created> {
  list(query?: PageParams, options?: CallOptions): Promise<Page<Record>>;
  iterate(query?: { limit?: number }, options?: CallOptions): AsyncIterable<Record>;
  create(input: Input, options?: CallOptions): Promise<Created>;
  get(id: number, options?: CallOptions): Promise<Record>;
  update(id: number, patch: Patch, options?: CallOptions): Promise<void>;
  delete(id: number, options?: CallOptions): Promise<void>;
}

interface CollectionSpec<
  RS extends v.GenericSchema,
  IS extends v.GenericSchema,
  PS extends v.GenericSchema,
  Created,
> {
  path: string;
  record: RS;
  /** For messages: `customer {id, name, …}`. */
  recordName: string;
  input: IS;
  patch: PS;
  parseCreated: (operation: string, body: unknown) => Created;
}

/**
 * list / iterate / create / get / update / delete of one collection (customers, products). Every method
 * is async, so a bad argument rejects the returned promise like any other failure.
 */
export function collection<
  RS extends v.GenericSchema,
  IS extends v.GenericSchema,
  PS extends v.GenericSchema,
  Created,
>(
  call: Caller,
  spec: CollectionSpec<RS, IS, PS, Created>,
): Collection<v.InferOutput<RS>, v.InferInput<IS>, v.InferInput<PS>, Created> {
  type R = v.InferOutput<RS>;
  const parseRecordBody = (operation: string, body: unknown): R =>
    parseRecord(operation, spec.record, spec.recordName, body);
  /** One record's path, after checking its id (a bad id is named as e.g. `GET /customers/{id}`). */
  const recordPath = (method: HttpMethod, id: number) =>
    itemPath(spec.path, checkId(`${method} ${spec.path}/{id}`, id));
  const list = async (query: PageParams | undefined, options: CallOptions | undefined) =>
    call(
      {
        method: "GET",
        path: spec.path,
        query: pageQueryOf(`GET ${spec.path}`, query),
        parse: (operation, body) => parsePage(operation, spec.record, spec.recordName, body),
      },
      options,
    );
  return {
    list,
    iterate: (query, options) =>
      walkPages(`GET ${spec.path}`, (page) => list({ page, limit: query?.limit }, options)),
    create: async (input, options) =>
      call(
        {
          method: "POST",
          path: spec.path,
          body: checkInput(`POST ${spec.path}`, spec.input, input),
          parse: spec.parseCreated,
        },
        options,
      ),
    get: async (id, options) =>
      call({ method: "GET", path: recordPath("GET", id), parse: parseRecordBody }, options),
    update: async (id, patch, options) => {
      const path = recordPath("PATCH", id);
      return call(
        { method: "PATCH", path, body: checkInput(`PATCH ${path}`, spec.patch, patch), parse: parseAck },
        options,
      );
    },
    delete: async (id, options) =>
      call({ method: "DELETE", path: recordPath("DELETE", id), parse: parseAck }, options),
  };
}

export interface VisitQueryParams extends PageParams {
  date: string;
  teamId?: number;
}

/** Checks a visits query; returns the validated page and filter. */
export function checkVisitQuery(operation: string, query: VisitQueryParams) {
  const { page, limit, date, teamId } = checkInput(operation, VisitQuery, query);
  return { page: page ?? 1, limit: limit ?? PAGE_LIMIT_DEFAULT, date, teamId };
}
