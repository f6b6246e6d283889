// The directory contract: what every `DirectoryStore` must do, customer claims included, as vitest tests
// registered against one implementation. Core runs it on the memory directory, @smx/aws on DynamoDB Local.
import { describe, expect, it } from "vitest";
import { nameAddressKey } from "../directory.ts";
import type { CustomerClaim, DirectoryCustomer, DirectoryProduct, DirectoryStore } from "../ports.ts";

/** A customer with every key: ext code, phone, email, and a name + address spaced unevenly. */
export const sampleCustomer: DirectoryCustomer = {
  id: 45,
  extCustNo: "CUST-45",
  phone: "+6281234567890",
  email: "toko.maju@example.com",
  name: "Toko  Maju",
  address: "Jl. Sudirman 1",
};
const product: DirectoryProduct = {
  id: 7,
  extProductCode: "P-7",
  sku: "SKU-7",
  name: "Kopi 250g",
  units: [
    { name: "pcs", price: 25_000, ratio: 1 },
    { name: "box", price: 280_000, ratio: 12 },
  ],
};
const claim = (owner: string, token: string, now: number, leaseUntil = now + 20_000): CustomerClaim => ({
  owner,
  token,
  now,
  leaseUntil,
});

/** Registers the contract's tests; `create` gives a new, empty directory (each test takes its own). */
export function directoryContract(name: string, create: () => Promise<DirectoryStore>): void {
  describe(`${name}: entries`, () => {
    it("finds a customer by every key it was indexed under, per connection", async () => {
      const directory = await create();
      await directory.putCustomer("conn-a", sampleCustomer);
      for (const key of [
        { by: "extCustNo", value: "CUST-45" },
        { by: "phone", value: "+6281234567890" },
        { by: "email", value: "Toko.Maju@example.com" },
        { by: "nameAddress", value: nameAddressKey("toko maju", "JL. SUDIRMAN  1") },
      ] as const) {
        expect(await directory.findCustomer("conn-a", key)).toEqual(sampleCustomer);
      }
      expect(await directory.findCustomer("conn-b", { by: "extCustNo", value: "CUST-45" })).toBeUndefined();
      expect(await directory.findCustomer("conn-a", { by: "phone", value: "+6289999" })).toBeUndefined();
    });

    it("finds a product by id, external code and sku", async () => {
      const directory = await create();
      await directory.putProduct("conn-a", product);
      expect(await directory.findProduct("conn-a", { by: "id", value: 7 })).toEqual(product);
      expect(await directory.findProduct("conn-a", { by: "extProductCode", value: "P-7" })).toEqual(product);
      expect(await directory.findProduct("conn-a", { by: "sku", value: "SKU-7" })).toEqual(product);
      expect(await directory.findProduct("conn-a", { by: "sku", value: "SKU-8" })).toBeUndefined();
    });

    it("remembers the orders it created by external number", async () => {
      const directory = await create();
      await directory.putOrderId("conn-a", "SO-1001", 9001);
      expect(await directory.findOrderId("conn-a", "SO-1001")).toBe(9001);
      expect(await directory.findOrderId("conn-a", "SO-1002")).toBeUndefined();
    });

    it("hands out copies: a caller changing an entry changes nothing stored", async () => {
      const directory = await create();
      const mine: DirectoryCustomer = { id: 77, extCustNo: "C-77" };
      await directory.putCustomer("conn-own", mine);
      mine.id = 78;
      const found = await directory.findCustomer("conn-own", { by: "extCustNo", value: "C-77" });
      expect(found).toEqual({ id: 77, extCustNo: "C-77" });
      if (found) found.id = 79;
      expect(await directory.findCustomer("conn-own", { by: "extCustNo", value: "C-77" })).toMatchObject({
        id: 77,
      });
    });
  });

  describe(`${name}: customer claims`, () => {
    const keys = [
      { by: "extCustNo" as const, value: "C-NEW-1" },
      { by: "phone" as const, value: "+6281300000001" },
    ];

    it("claims every key at once; another event finds them held; only the owner's release frees them", async () => {
      const directory = await create();
      const first = claim("evt_a", "tok-a", 1_000);
      expect(await directory.claimCustomer("conn-claims", keys, first)).toEqual({
        kind: "claimed",
        evidence: false,
      });
      // Sharing one key is enough to be held (the phone here).
      expect(
        await directory.claimCustomer("conn-claims", [keys[1]!], claim("evt_b", "tok-b", 2_000)),
      ).toEqual({
        kind: "held",
        owner: "evt_a",
        leaseUntil: 21_000,
      });
      await directory.releaseCustomer("conn-claims", keys, claim("evt_b", "tok-b", 2_000));
      expect((await directory.claimCustomer("conn-claims", keys, claim("evt_b", "tok-b", 2_000))).kind).toBe(
        "held",
      );
      await directory.releaseCustomer("conn-claims", keys, first);
      expect(await directory.claimCustomer("conn-claims", keys, claim("evt_b", "tok-b", 3_000))).toEqual({
        kind: "claimed",
        evidence: false,
      });
      // Claims are not directory entries.
      expect(await directory.findCustomer("conn-claims", keys[0]!)).toBeUndefined();
    });

    it("takes over a claim whose lease ran out, or its own event's earlier one, as evidence", async () => {
      const directory = await create();
      const mine = [{ by: "email" as const, value: "baru@toko.id" }];
      await directory.claimCustomer("conn-claims", mine, claim("evt_c", "tok-c1", 1_000));
      // The same event's next attempt (its earlier try may have created the customer).
      expect(await directory.claimCustomer("conn-claims", mine, claim("evt_c", "tok-c2", 2_000))).toEqual({
        kind: "claimed",
        evidence: true,
      });
      // Another event once the lease has run out.
      expect(await directory.claimCustomer("conn-claims", mine, claim("evt_d", "tok-d", 30_000))).toEqual({
        kind: "claimed",
        evidence: true,
      });
      // Of two events taking over the same expired claim at once, one wins.
      const [x, y] = await Promise.all([
        directory.claimCustomer("conn-claims", mine, claim("evt_e", "tok-e", 60_000)),
        directory.claimCustomer("conn-claims", mine, claim("evt_f", "tok-f", 60_000)),
      ]);
      expect([x.kind, y.kind].sort()).toEqual(["claimed", "held"]);
    });
  });
}
