// A directory that reads through to the real one and keeps its own writes in memory: what a preview
// resolves against, so a SalesMania listing it makes fills nothing but this overlay. Claims always succeed
// here (nothing is created by a preview).
import { customerKeysOf, customerKeyValue, productKeysOf } from "./directory.ts";
import type {
  CustomerClaimResult,
  CustomerKey,
  DirectoryCustomer,
  DirectoryProduct,
  DirectoryStore,
  ProductKey,
} from "./ports.ts";

export class ScratchDirectory implements DirectoryStore {
  readonly #customers = new Map<string, DirectoryCustomer>();
  readonly #products = new Map<string, DirectoryProduct>();
  readonly #orders = new Map<string, number>();

  constructor(private readonly real: DirectoryStore) {}

  async findCustomer(connectionId: string, key: CustomerKey): Promise<DirectoryCustomer | undefined> {
    return (
      this.#customers.get(`${connectionId}|${key.by}|${customerKeyValue(key)}`) ??
      this.real.findCustomer(connectionId, key)
    );
  }

  async putCustomer(connectionId: string, customer: DirectoryCustomer): Promise<void> {
    for (const key of customerKeysOf(customer))
      this.#customers.set(`${connectionId}|${key.by}|${customerKeyValue(key)}`, customer);
  }

  async findProduct(connectionId: string, key: ProductKey): Promise<DirectoryProduct | undefined> {
    return (
      this.#products.get(`${connectionId}|${key.by}|${key.value}`) ?? this.real.findProduct(connectionId, key)
    );
  }

  async putProduct(connectionId: string, product: DirectoryProduct): Promise<void> {
    for (const key of productKeysOf(product))
      this.#products.set(`${connectionId}|${key.by}|${key.value}`, product);
  }

  async findOrderId(connectionId: string, extOrderNo: string): Promise<number | undefined> {
    return (
      this.#orders.get(`${connectionId}|${extOrderNo}`) ?? this.real.findOrderId(connectionId, extOrderNo)
    );
  }

  async putOrderId(connectionId: string, extOrderNo: string, orderId: number): Promise<void> {
    this.#orders.set(`${connectionId}|${extOrderNo}`, orderId);
  }

  async claimCustomer(): Promise<CustomerClaimResult> {
    return { kind: "claimed", evidence: false };
  }

  async releaseCustomer(): Promise<void> {}
}
