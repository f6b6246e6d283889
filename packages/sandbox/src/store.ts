// All simulated data, in memory. Every mutation goes through here so persistence has one hook.
import * as v from "valibot";
import { SandboxSeedError } from "./errors.ts";
import { CustomerFields, Id, OrderBody, OrderStatus, ProductFields } from "./schemas.ts";
import { DatabaseSchema, SeedUserSchema } from "./seed.ts";
import { Table } from "./table.ts";
import type {
  CustomerRecord,
  DatabaseRecord,
  OrderRecord,
  ProductRecord,
  SandboxSeed,
  SandboxState,
  SeedUser,
  VisitRecord,
} from "./types.ts";

const Scoped = { id: Id, databaseId: Id };
const Session = v.object({ token: v.string(), username: v.string(), expiresAt: v.number() });
export type Session = v.InferOutput<typeof Session>;

/** The state file's format: everything needed to carry on after a restart, tokens included. */
export const SnapshotSchema = v.object({
  version: v.literal(1),
  teamTokenSecret: v.string(),
  databases: v.array(DatabaseSchema),
  users: v.array(SeedUserSchema),
  sessions: v.array(Session),
  customers: v.array(v.object({ ...CustomerFields.entries, ...Scoped })),
  products: v.array(v.object({ ...ProductFields.entries, ...Scoped })),
  visits: v.array(v.object({ ...Scoped, date: v.string(), customer_id: Id, team_id: Id, seq: v.number() })),
  orders: v.array(v.object({ ...OrderBody.entries, ...Scoped, team_id: Id, status: OrderStatus })),
  nextIds: v.object({ customers: Id, products: Id, visits: Id, orders: Id }),
});
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

export class Store {
  readonly databases = new Map<number, DatabaseRecord>();
  readonly users = new Map<string, SeedUser>();
  readonly sessions = new Map<string, Session>();
  readonly customers = new Table<CustomerRecord>(100_001);
  readonly products = new Table<ProductRecord>(200_001);
  readonly visits = new Table<VisitRecord>(300_001);
  readonly orders = new Table<OrderRecord>(400_001);

  /** Adds a seed's data; databases and users with a known id/username are replaced. */
  applySeed(seed: SandboxSeed): void {
    for (const db of seed.databases) this.databases.set(db.id, structuredClone(db));
    for (const user of seed.users) {
      for (const id of user.databaseIds) this.requireDatabase(id, `user ${user.username}`);
      const teamKnown = user.databaseIds.some((id) =>
        this.databases.get(id)?.teams.some((t) => t.id === user.defaultTeamId),
      );
      if (user.defaultTeamId !== undefined && !teamKnown)
        throw new SandboxSeedError(
          `seed user ${user.username}: defaultTeamId ${user.defaultTeamId} is not a team of databases [${user.databaseIds.join(", ")}]`,
        );
      this.users.set(user.username, structuredClone(user));
    }
    for (const { id, ...row } of seed.customers ?? []) {
      this.requireDatabase(row.databaseId, `customer ${row.name}`);
      this.customers.insert(structuredClone(row), id);
    }
    for (const { id, ...row } of seed.products ?? []) {
      this.requireDatabase(row.databaseId, `product ${row.name}`);
      this.products.insert(structuredClone(row), id);
    }
  }

  private requireDatabase(id: number, owner: string): void {
    if (!this.databases.has(id))
      throw new SandboxSeedError(`seed ${owner}: databaseId ${id} is not among the seeded databases`);
  }

  /** Empties the data; bearer sessions survive so a connected client is not logged out by a reset. */
  clear(): void {
    this.databases.clear();
    this.users.clear();
    for (const table of [this.customers, this.products, this.visits, this.orders]) table.clear();
  }

  /** What `state()` and `GET /_sandbox/state` show: a deep copy, without passwords or tokens. */
  view(): SandboxState {
    return structuredClone({
      databases: [...this.databases.values()],
      users: [...this.users.values()].map(({ password: _password, ...user }) => user),
      customers: this.customers.all(),
      products: this.products.all(),
      visits: this.visits.all(),
      orders: this.orders.all(),
    });
  }

  snapshot(teamTokenSecret: string): Snapshot {
    return structuredClone({
      version: 1 as const,
      teamTokenSecret,
      databases: [...this.databases.values()],
      users: [...this.users.values()],
      sessions: [...this.sessions.values()],
      customers: this.customers.all(),
      products: this.products.all(),
      visits: this.visits.all(),
      orders: this.orders.all(),
      nextIds: {
        customers: this.customers.next,
        products: this.products.next,
        visits: this.visits.next,
        orders: this.orders.next,
      },
    });
  }

  restore(snapshot: Snapshot): void {
    this.clear();
    for (const db of snapshot.databases) this.databases.set(db.id, db);
    for (const user of snapshot.users) this.users.set(user.username, user);
    this.sessions.clear();
    for (const session of snapshot.sessions) this.sessions.set(session.token, session);
    this.customers.load(snapshot.customers, snapshot.nextIds.customers);
    this.products.load(snapshot.products, snapshot.nextIds.products);
    this.visits.load(snapshot.visits, snapshot.nextIds.visits);
    this.orders.load(snapshot.orders, snapshot.nextIds.orders);
  }
}
