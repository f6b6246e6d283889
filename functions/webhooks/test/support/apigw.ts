// Builds API Gateway HTTP API (payload format 2.0) events the way AWS does, so tests go through the same
// decoding as production: lower-cased headers (repeats joined by commas), cookies split out, the query
// both raw and parsed, and the body base64-encoded unless its content type is text, JSON, XML or JavaScript.
import { stripBasePath } from "@smx/sources";
import type { LambdaEvent } from "hono/aws-lambda";

export interface HttpRequestSpec {
  method: string;
  /** Path plus optional query, e.g. `/hooks/orders?token=abc`. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The API's route key; by default the one infra/api.ts declares for the path. */
  routeKey?: string;
  sourceIp?: string;
  /**
   * Sent through a custom domain mapped under this base path: `url` starts with it, and as AWS does, the route
   * (and its path parameters) is matched on the path without it while rawPath and http.path keep it.
   */
  basePath?: string;
}

// API Gateway sends these bodies as UTF-8 text; every other (or a missing) content type arrives base64.
const TEXT_TYPES = /^(text\/[^;\s]+|application\/(json|xml|javascript))\s*(;.*)?$/i;

export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPES.test(contentType.trim());
}

/** The routes infra/api.ts declares, with the path parameters API Gateway extracts for each. */
function matchRoute(
  method: string,
  path: string,
): { routeKey: string; pathParameters?: Record<string, string> } {
  const hook = /^\/hooks\/([^/]+)$/.exec(path);
  if (hook && (method === "POST" || method === "GET")) {
    return {
      routeKey: `${method} /hooks/{hookId}`,
      pathParameters: { hookId: decodeURIComponent(hook[1]!) },
    };
  }
  if (path === "/health" && method === "GET") return { routeKey: "GET /health" };
  const admin = /^\/admin\/(.+)$/.exec(path);
  if (admin) return { routeKey: "ANY /admin/{proxy+}", pathParameters: { proxy: admin[1]! } };
  const api = /^\/api\/v1\/(.+)$/.exec(path);
  if (api) return { routeKey: "ANY /api/v1/{proxy+}", pathParameters: { proxy: api[1]! } };
  if (path === "/console" && method === "GET") return { routeKey: "GET /console" };
  const consolePage = /^\/console\/(.+)$/.exec(path);
  if (consolePage) return { routeKey: "ANY /console/{proxy+}", pathParameters: { proxy: consolePage[1]! } };
  return { routeKey: "$default" };
}

export function apiGatewayV2Event(spec: HttpRequestSpec): LambdaEvent {
  const url = new URL(spec.url, "https://api.example.test");
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(spec.headers ?? {})) {
    const key = name.toLowerCase();
    if (key === "cookie") {
      cookies.push(...value.split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
  }
  const bytes =
    spec.body === undefined
      ? undefined
      : typeof spec.body === "string"
        ? new TextEncoder().encode(spec.body)
        : spec.body;
  if (bytes !== undefined) headers["content-length"] = String(bytes.byteLength);
  headers.host = url.host;
  headers["x-forwarded-proto"] = "https";
  headers["x-forwarded-port"] = "443";
  const sourceIp = spec.sourceIp ?? "203.0.113.10";
  headers["x-forwarded-for"] = sourceIp;

  const asText = isTextContentType(headers["content-type"]);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const now = new Date();
  const method = spec.method.toUpperCase();
  const route = matchRoute(
    method,
    spec.basePath === undefined ? url.pathname : stripBasePath(url.pathname, spec.basePath),
  );
  const routeKey = spec.routeKey ?? route.routeKey;
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ""),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "api1234567",
      authentication: null,
      authorizer: {},
      domainName: url.host,
      domainPrefix: url.host.split(".")[0] ?? url.host,
      http: {
        method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: `req-${now.getTime()}-${Math.random().toString(36).slice(2, 10)}`,
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body:
      bytes === undefined
        ? null
        : asText
          ? new TextDecoder().decode(bytes)
          : Buffer.from(bytes).toString("base64"),
    isBase64Encoded: bytes !== undefined && !asText,
  };
}

/** The parts of a Lambda proxy result tests look at. */
export interface LambdaAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export function readLambdaResult(result: {
  statusCode: number;
  body: string;
  isBase64Encoded: boolean;
  headers?: Record<string, unknown>;
}): LambdaAnswer {
  const text = result.isBase64Encoded ? Buffer.from(result.body, "base64").toString("utf8") : result.body;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  let json: unknown;
  if (headers["content-type"]?.includes("json")) json = JSON.parse(text);
  return { status: result.statusCode, headers, text, json };
}
