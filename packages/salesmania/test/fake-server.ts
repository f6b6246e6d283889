// A tiny HTTP server for answers the sandbox would never give (wrong shapes, odd error bodies): each test
// says what every path answers, and reads back what arrived.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: string;
}

export type Answer = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> };
export type Routes = Record<string, Answer | ((request: Received) => Answer)>;

/** Answers `METHOD /path` from `routes`; anything else is a 404 with a JSON message. */
export async function startFakeServer(routes: Routes) {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const request: Received = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    received.push(request);
    const route = routes[`${request.method} ${request.path}`];
    const answer: Answer =
      route === undefined
        ? { status: 404, json: { message: `no route ${request.method} ${request.path}` } }
        : typeof route === "function"
          ? route(request)
          : route;
    const body = answer.text ?? (answer.json === undefined ? "" : JSON.stringify(answer.json));
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A base URL nobody listens on: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
