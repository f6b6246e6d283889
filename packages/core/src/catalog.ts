// What the actions API's dropdowns and searches read: customers (by name, code or phone), products and
// teams of one connection. An exact code or phone is looked up in the directory first (one GetItem, often
// cached); anything else is read from SalesMania, which has no search (ASSUMED: lists are paged, see
// docs/salesmania-contract.md), so a text search walks its pages up to a bound and says where to go on.
import type { Customer, Product } from "@smx/salesmania";
import { directoryCustomerFrom, directoryProductFrom, phoneKey } from "./directory.ts";
import type {
  CallOptions,
  Connection,
  DirectoryCustomer,
  DirectoryProduct,
  DirectoryStore,
} from "./ports.ts";

export interface CatalogQuery {
  /** Text to look for: a code or phone finds one entry, other text matches names (case-insensitive). */
  q?: string;
  /** From 1. */
  page: number;
  /** 1–100. */
  limit: number;
}

export interface CatalogPage<T> {
  items: T[];
  page: number;
  /** The next page, when there may be one. */
  nextPage?: number;
  /** Where the items came from: the directory (an exact code or phone) or SalesMania. */
  from: "directory" | "salesmania";
}

export interface CatalogCustomer {
  id: number;
  name: string;
  extCustNo?: string;
  phone?: string;
  address?: string;
}
export interface CatalogProduct {
  id: number;
  name: string;
  extProductCode?: string;
  sku?: string;
  units: { name: string; price: number }[];
}
export interface CatalogTeam {
  id: number;
  name: string;
}

/** A text search reads at most this many SalesMania pages (of 100) per request, then hands out `nextPage`. */
export const SEARCH_PAGES_PER_REQUEST = 5;
const SALESMANIA_PAGE = 100;

export class Catalog {
  constructor(
    private readonly directory: DirectoryStore,
    private readonly timeoutMs: number,
  ) {}

  async customers(connection: Connection, query: CatalogQuery): Promise<CatalogPage<CatalogCustomer>> {
    const q = query.q?.trim();
    if (q) {
      const known =
        (await this.directory.findCustomer(connection.id, { by: "extCustNo", value: q })) ??
        (looksLikePhone(q)
          ? await this.directory.findCustomer(connection.id, { by: "phone", value: phoneKey(q) })
          : undefined);
      if (known?.name !== undefined)
        return { items: [fromDirectoryCustomer(known)], page: 1, from: "directory" };
      const needle = q.toLowerCase();
      const phone = looksLikePhone(q) ? phoneKey(q) : undefined;
      return this.#search(
        query,
        (page, o) => connection.api.customers.list({ page, limit: SALESMANIA_PAGE }, o),
        (c) =>
          c.name.toLowerCase().includes(needle) ||
          c.ext_cust_no === q ||
          (phone !== undefined && c.phone !== undefined && phoneKey(c.phone) === phone),
        toCustomer,
      );
    }
    const page = await connection.api.customers.list({ page: query.page, limit: query.limit }, this.#call());
    return pageOf(page.data.map(toCustomer), query, page.meta.total);
  }

  async products(connection: Connection, query: CatalogQuery): Promise<CatalogPage<CatalogProduct>> {
    const q = query.q?.trim();
    if (q) {
      const known =
        (await this.directory.findProduct(connection.id, { by: "extProductCode", value: q })) ??
        (await this.directory.findProduct(connection.id, { by: "sku", value: q }));
      if (known !== undefined) return { items: [fromDirectoryProduct(known)], page: 1, from: "directory" };
      const needle = q.toLowerCase();
      return this.#search(
        query,
        (page, o) => connection.api.products.list({ page, limit: SALESMANIA_PAGE }, o),
        (p) => p.name.toLowerCase().includes(needle) || p.ext_product_code === q || p.sku === q,
        toProduct,
      );
    }
    const page = await connection.api.products.list({ page: query.page, limit: query.limit }, this.#call());
    return pageOf(page.data.map(toProduct), query, page.meta.total);
  }

  async teams(connection: Connection, query: CatalogQuery): Promise<CatalogPage<CatalogTeam>> {
    const needle = query.q?.trim().toLowerCase() ?? "";
    const all = (await connection.api.teams.list(this.#call()))
      .filter((team) => team.name.toLowerCase().includes(needle))
      .map((team) => ({ id: team.id, name: team.name }));
    const start = (query.page - 1) * query.limit;
    return pageOf(all.slice(start, start + query.limit), query, all.length);
  }

  /**
   * Matches from SalesMania's pages: `page` of the matches, reading up to SEARCH_PAGES_PER_REQUEST pages of
   * the list per request. Matches are numbered over the whole list, so page 2 continues where page 1 ended.
   */
  async #search<R, T>(
    query: CatalogQuery,
    list: (page: number, options: CallOptions) => Promise<{ data: R[]; meta: { total: number } }>,
    matches: (record: R) => boolean,
    shape: (record: R) => T,
  ): Promise<CatalogPage<T>> {
    const wanted = query.page * query.limit;
    const found: T[] = [];
    let listPage = 1;
    let more = true;
    while (more && found.length <= wanted && listPage <= SEARCH_PAGES_PER_REQUEST * query.page) {
      const result = await list(listPage, this.#call());
      for (const record of result.data) if (matches(record)) found.push(shape(record));
      more = result.data.length > 0 && listPage * SALESMANIA_PAGE < result.meta.total;
      listPage += 1;
    }
    const start = (query.page - 1) * query.limit;
    const items = found.slice(start, start + query.limit);
    const hasMore = found.length > start + query.limit || more;
    return { items, page: query.page, ...(hasMore ? { nextPage: query.page + 1 } : {}), from: "salesmania" };
  }

  #call(): CallOptions {
    return { signal: AbortSignal.timeout(this.timeoutMs) };
  }
}

function pageOf<T>(items: T[], query: CatalogQuery, total: number): CatalogPage<T> {
  const hasMore = query.page * query.limit < total;
  return { items, page: query.page, ...(hasMore ? { nextPage: query.page + 1 } : {}), from: "salesmania" };
}

/** Digits with the usual separators and an optional +: a phone number, not a name or a code. */
function looksLikePhone(q: string): boolean {
  return /^\+?[\d\s\-().]{8,20}$/.test(q) && /\d{6}/.test(q.replace(/\D/g, ""));
}

/** SalesMania's record in the catalog's shape, through the directory's entry (a phone in E.164). */
const toCustomer = (c: Customer) => fromDirectoryCustomer(directoryCustomerFrom(c));
const toProduct = (p: Product) => fromDirectoryProduct(directoryProductFrom(p));

function fromDirectoryCustomer(c: DirectoryCustomer): CatalogCustomer {
  return {
    id: c.id,
    name: c.name ?? "",
    ...(c.extCustNo ? { extCustNo: c.extCustNo } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    ...(c.address ? { address: c.address } : {}),
  };
}

function fromDirectoryProduct(p: DirectoryProduct): CatalogProduct {
  return {
    id: p.id,
    name: p.name,
    ...(p.extProductCode ? { extProductCode: p.extProductCode } : {}),
    ...(p.sku ? { sku: p.sku } : {}),
    units: p.units.map((u) => ({ name: u.name, price: u.price })),
  };
}
