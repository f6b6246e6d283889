// The directory in memory, on the same rules as the DynamoDB one: an entry under every key it has (core's
// `customerKeysOf`, `productKeysOf`, `customerKeyValue`), and customer claims taken all or none and judged by
// `heldByAnother`. For tests without DynamoDB Local, and for the directory contract suite.
import {
  customerKeysOf,
  customerKeyValue,
  type HeldCustomerClaim,
  heldByAnother,
  productKeysOf,
} from "../directory.ts";
import type {
  CustomerClaim,
  CustomerClaimResult,
  CustomerKey,
  DirectoryCustomer,
  DirectoryProduct,
  DirectoryStore,
  ProductKey,
} from "../ports.ts";

const customerKey = (connectionId: string, key: CustomerKey) =>
  `${connectionId}\u0000customer\u0000${key.by}\u0000${customerKeyValue(key)}`;
const productKey = (connectionId: string, key: ProductKey) =>
  `${connectionId}\u0000product\u0000${key.by}\u0000${key.value}`;
const orderKey = (connectionId: string, extOrderNo: string) =>
  `${connectionId}\u0000order\u0000${extOrderNo}`;

export class MemoryDirectory implements DirectoryStore {
  readonly #entries = new Map<string, unknown>();
  readonly #claims = new Map<string, HeldCustomerClaim>();

  async findCustomer(connectionId: string, key: CustomerKey): Promise<DirectoryCustomer | undefined> {
    return this.#read(customerKey(connectionId, key));
  }

  async putCustomer(connectionId: string, customer: DirectoryCustomer): Promise<void> {
    for (const key of customerKeysOf(customer)) this.#write(customerKey(connectionId, key), customer);
  }

  async findProduct(connectionId: string, key: ProductKey): Promise<DirectoryProduct | undefined> {
    return this.#read(productKey(connectionId, key));
  }

  async putProduct(connectionId: string, product: DirectoryProduct): Promise<void> {
    for (const key of productKeysOf(product)) this.#write(productKey(connectionId, key), product);
  }

  async findOrderId(connectionId: string, extOrderNo: string): Promise<number | undefined> {
    return this.#read<{ orderId: number }>(orderKey(connectionId, extOrderNo))?.orderId;
  }

  async putOrderId(connectionId: string, extOrderNo: string, orderId: number): Promise<void> {
    this.#write(orderKey(connectionId, extOrderNo), { orderId });
  }

  async claimCustomer(
    connectionId: string,
    keys: CustomerKey[],
    claim: CustomerClaim,
  ): Promise<CustomerClaimResult> {
    const ids = keys.map((key) => customerKey(connectionId, key));
    const seen = ids.map((id) => this.#claims.get(id));
    const held = heldByAnother(seen, claim);
    if (held !== undefined) return held;
    for (const id of ids)
      this.#claims.set(id, { owner: claim.owner, token: claim.token, leaseUntil: claim.leaseUntil });
    return { kind: "claimed", evidence: seen.some((s) => s !== undefined) };
  }

  async releaseCustomer(connectionId: string, keys: CustomerKey[], claim: CustomerClaim): Promise<void> {
    const ids = keys.map((key) => customerKey(connectionId, key));
    // All or none: a key another event took over meanwhile keeps its claim, and so do the others.
    if (ids.every((id) => this.#claims.get(id)?.token === claim.token))
      for (const id of ids) this.#claims.delete(id);
  }

  #read<T>(id: string): T | undefined {
    const value = this.#entries.get(id);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  #write(id: string, value: object): void {
    this.#entries.set(id, structuredClone(value));
  }
}
