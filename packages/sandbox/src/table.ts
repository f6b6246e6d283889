/** One collection of records (customers, products, visits, orders), each scoped to a database. */
export class Table<T extends { id: number; databaseId: number }> {
  private readonly rows = new Map<number, T>();
  private nextId: number;
  /** Rows in id order, rebuilt after a change: lists are read far more often than written. */
  private sorted: T[] | undefined;

  /**
   * Each kind starts its ids in its own range (customers 100001, products 200001…), so a client that
   * sends a customer id where a product id belongs gets a 422 instead of silently hitting another row.
   */
  constructor(private readonly firstId: number) {
    this.nextId = firstId;
  }

  insert(row: Omit<T, "id">, id?: number): T {
    const assigned = id ?? this.nextId;
    this.nextId = Math.max(this.nextId, assigned + 1);
    const stored = { ...row, id: assigned } as T;
    this.rows.set(assigned, stored);
    this.sorted = undefined;
    return stored;
  }

  get(databaseId: number, id: number): T | undefined {
    const row = this.rows.get(id);
    return row?.databaseId === databaseId ? row : undefined;
  }

  /** Rows of one database in id (creation) order. */
  list(databaseId: number, where: (row: T) => boolean = () => true): T[] {
    return this.all().filter((row) => row.databaseId === databaseId && where(row));
  }

  replace(row: T): void {
    this.rows.set(row.id, row);
    this.sorted = undefined;
  }

  delete(id: number): void {
    this.rows.delete(id);
    this.sorted = undefined;
  }

  /** All rows in id order (a fresh array; the rows themselves are the stored ones). */
  all(): T[] {
    this.sorted ??= [...this.rows.values()].sort((a, b) => a.id - b.id);
    return [...this.sorted];
  }

  get next(): number {
    return this.nextId;
  }

  load(rows: T[], nextId: number): void {
    this.rows.clear();
    for (const row of rows) this.rows.set(row.id, row);
    this.nextId = nextId;
    this.sorted = undefined;
  }

  clear(): void {
    this.load([], this.firstId);
  }
}
