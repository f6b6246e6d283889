// Directory sync: page through a connection's customers and products and write them into the directory that
// resolution and feed matching read. After each page the run checkpoints the next page, so a run that fails
// mid-way (a SalesMania fault, a timeout) resumes at that page instead of starting over. Every request waits
// for the connection's account-wide rate limiter like any other.
import {
  type ConnectionProvider,
  type DirectoryStore,
  directoryCustomerFrom,
  directoryProductFrom,
  type Job,
  mapBounded,
} from "@smx/core";
import { type Customer, isLastPage, type Page, type Product } from "@smx/salesmania";

export interface DirectorySyncDeps {
  connections: ConnectionProvider;
  directory: Pick<DirectoryStore, "putCustomer" | "putProduct">;
  /** Entries per page (SalesMania's limit is 100). */
  pageSize?: number;
  /** Deadline of one page's request. */
  pageTimeoutMs?: number;
}

const KINDS = ["customers", "products"] as const;
type Kind = (typeof KINDS)[number];

export interface DirectorySyncCheckpoint {
  kind: Kind;
  page: number;
}

function isCheckpoint(value: unknown): value is DirectorySyncCheckpoint {
  const candidate = value as Partial<DirectorySyncCheckpoint> | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    KINDS.includes(candidate.kind as Kind) &&
    Number.isInteger(candidate.page) &&
    (candidate.page ?? 0) >= 1
  );
}

/** One kind's pages: how to read page `n`, and how to write one entry into the directory. */
interface Walk<T> {
  list(page: number, signal: AbortSignal): Promise<Page<T>>;
  put(entry: T): Promise<void>;
}

export function directorySyncJob(id: string, connectionId: string, deps: DirectorySyncDeps): Job {
  const limit = deps.pageSize ?? 100;
  const timeoutMs = deps.pageTimeoutMs ?? 20_000;
  return {
    id,
    kind: "directory-sync",
    async run(context) {
      const { api } = await deps.connections.get(connectionId);
      const walks: { customers: Walk<Customer>; products: Walk<Product> } = {
        customers: {
          list: (page, signal) => api.customers.list({ page, limit }, { signal }),
          put: (customer) => deps.directory.putCustomer(connectionId, directoryCustomerFrom(customer)),
        },
        products: {
          list: (page, signal) => api.products.list({ page, limit }, { signal }),
          put: (product) => deps.directory.putProduct(connectionId, directoryProductFrom(product)),
        },
      };
      const walk = async <T>(kind: Kind, { list, put }: Walk<T>, firstPage: number) => {
        for (let page = firstPage; ; page++) {
          const result = await list(page, AbortSignal.timeout(timeoutMs));
          context.tally.bump("pages");
          if (!context.dryRun) await mapBounded(result.data, 8, put);
          context.tally.bump(kind, result.data.length);
          if (isLastPage(result)) return;
          await context.saveCheckpoint({ kind, page: page + 1 } satisfies DirectorySyncCheckpoint);
        }
      };
      const start = isCheckpoint(context.checkpoint) ? context.checkpoint : { kind: KINDS[0], page: 1 };
      if (context.checkpoint !== undefined)
        context.logger.info("directory sync resumes", { kind: start.kind, page: start.page });
      if (start.kind === "customers") await walk("customers", walks.customers, start.page);
      await walk("products", walks.products, start.kind === "products" ? start.page : 1);
    },
  };
}
