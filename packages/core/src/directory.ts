// Keeping the per-connection directory (customers, products) filled from the SalesMania API. A refresh
// lists everything, so it runs at most once per connection per interval per container; resolution calls
// it only after a directory miss.

import type { Customer, Product } from "@smx/salesmania";
import { normalizePhone } from "@smx/salesmania";
import type {
  Clock,
  Connection,
  CustomerClaim,
  CustomerClaimResult,
  CustomerKey,
  DirectoryCustomer,
  DirectoryProduct,
  DirectoryStore,
  ProductKey,
} from "./ports.ts";

export type DirectoryKind = "customers" | "products";

/** The directory's name+address key: case- and spacing-insensitive, so "Toko  Maju" finds "toko maju". */
export function nameAddressKey(name: string, address: string): string {
  const norm = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
  return `${norm(name)}|${norm(address)}`;
}

/**
 * E.164 for any valid number however written (Indonesian when it has no country code, so `0812…` and
 * `+62812…` are one key, as are `0049 151…` and `+49151…`); other values are kept as given (still matchable).
 */
export function phoneKey(phone: string): string {
  try {
    return normalizePhone(phone, { foreign: "keep" });
  } catch {
    return phone.replace(/[\s\-().]/g, "");
  }
}

/** The value a customer key is stored and found under: emails match whatever their case. */
export const customerKeyValue = (key: CustomerKey): string =>
  key.by === "email" ? key.value.toLowerCase() : key.value;

/** A customer's identifying fields as a caller may hold them: each absent or `undefined` when unknown. */
export type CustomerIdentity = {
  [K in keyof Omit<DirectoryCustomer, "id">]?: DirectoryCustomer[K] | undefined;
};

/** Every key a customer is found by: ext code, phone, email, name+address (values already normalized). */
export function customerKeysOf(customer: CustomerIdentity): CustomerKey[] {
  const keys: CustomerKey[] = [];
  if (customer.extCustNo) keys.push({ by: "extCustNo", value: customer.extCustNo });
  if (customer.phone) keys.push({ by: "phone", value: customer.phone });
  if (customer.email) keys.push({ by: "email", value: customer.email });
  if (customer.name && customer.address) {
    keys.push({ by: "nameAddress", value: nameAddressKey(customer.name, customer.address) });
  }
  return keys;
}

/** Every key a product can be found by; its id always. */
export function productKeysOf(product: DirectoryProduct): ProductKey[] {
  const keys: ProductKey[] = [{ by: "id", value: product.id }];
  if (product.extProductCode) keys.push({ by: "extProductCode", value: product.extProductCode });
  if (product.sku) keys.push({ by: "sku", value: product.sku });
  return keys;
}

/** A claim on one customer key as a directory store holds it. */
export interface HeldCustomerClaim {
  owner: string;
  token: string;
  leaseUntil: number;
}

/**
 * The claims `seen` on a new customer's keys, judged for `claim`: `held` when another event's live claim
 * holds one of them (it is creating this customer now). Otherwise the keys are the claim's to take: any claim
 * seen was left by an earlier try (this event's own, or one whose lease ran out) and is taken over, as
 * evidence that the customer may exist already. Every DirectoryStore follows this rule.
 */
export function heldByAnother(
  seen: readonly (HeldCustomerClaim | undefined)[],
  claim: CustomerClaim,
): (CustomerClaimResult & { kind: "held" }) | undefined {
  const live = seen.find((s) => s !== undefined && s.owner !== claim.owner && s.leaseUntil > claim.now);
  return live === undefined ? undefined : { kind: "held", owner: live.owner, leaseUntil: live.leaseUntil };
}

export function directoryCustomerFrom(customer: Customer, email?: string): DirectoryCustomer {
  const entry: DirectoryCustomer = { id: customer.id, name: customer.name };
  if (customer.ext_cust_no) entry.extCustNo = customer.ext_cust_no;
  if (customer.phone) entry.phone = phoneKey(customer.phone);
  if (customer.address) entry.address = customer.address;
  if (email) entry.email = email.toLowerCase();
  return entry;
}

export function directoryProductFrom(product: Product): DirectoryProduct {
  const entry: DirectoryProduct = {
    id: product.id,
    name: product.name,
    units: product.product_units.map((u) => ({ name: u.name, price: u.price, ratio: u.ratio })),
  };
  if (product.ext_product_code) entry.extProductCode = product.ext_product_code;
  if (product.sku) entry.sku = product.sku;
  return entry;
}

const PAGE_LIMIT = 100;
const WRITE_PARALLELISM = 16;

export class DirectoryRefresher {
  private readonly lastRun = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /**
   * Per connection and kind, what this container last wrote for each id (canonical JSON): a refresh rewrites
   * only entries that changed, so listing a large account again costs its GETs but not a write per customer.
   */
  private readonly written = new Map<string, Map<number, string>>();

  constructor(
    private readonly directory: DirectoryStore,
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  /**
   * Re-indexes one kind for a connection from the API, unless that was done within the interval (`force`
   * skips that check: an operator's replay). Returns whether a refresh ran (or was joined).
   */
  async refresh(
    kind: DirectoryKind,
    connection: Connection,
    signal: AbortSignal,
    options: { force?: boolean } = {},
  ): Promise<boolean> {
    const key = `${connection.id}\u0000${kind}`;
    const running = this.inFlight.get(key);
    if (running) {
      await running;
      return true;
    }
    const last = this.lastRun.get(key);
    if (!options.force && last !== undefined && this.clock.now() - last < this.intervalMs) return false;
    const run = this.load(kind, connection, signal, this.writtenFor(key)).then(() => {
      this.lastRun.set(key, this.clock.now());
    });
    this.inFlight.set(key, run);
    try {
      await run;
    } finally {
      this.inFlight.delete(key);
    }
    return true;
  }

  /** Forgets the last refresh time, so the next miss refreshes (e.g. after a create whose answer was lost). */
  invalidate(kind: DirectoryKind, connectionId: string): void {
    this.lastRun.delete(`${connectionId}\u0000${kind}`);
  }

  private writtenFor(key: string): Map<number, string> {
    let written = this.written.get(key);
    if (written === undefined) {
      written = new Map();
      this.written.set(key, written);
    }
    return written;
  }

  private async load(
    kind: DirectoryKind,
    connection: Connection,
    signal: AbortSignal,
    written: Map<number, string>,
  ): Promise<void> {
    let pending: Promise<void>[] = [];
    const flush = async () => {
      await Promise.all(pending);
      pending = [];
    };
    const put = async <E extends { id: number }>(entry: E, write: (entry: E) => Promise<void>) => {
      const json = JSON.stringify(entry);
      if (written.get(entry.id) === json) return;
      pending.push(write(entry).then(() => void written.set(entry.id, json)));
      if (pending.length >= WRITE_PARALLELISM) await flush();
    };
    if (kind === "customers") {
      for await (const customer of connection.api.customers.iterate({ limit: PAGE_LIMIT }, { signal })) {
        await put(directoryCustomerFrom(customer), (entry) =>
          this.directory.putCustomer(connection.id, entry),
        );
      }
    } else {
      for await (const product of connection.api.products.iterate({ limit: PAGE_LIMIT }, { signal })) {
        await put(directoryProductFrom(product), (entry) => this.directory.putProduct(connection.id, entry));
      }
    }
    await flush();
  }
}
