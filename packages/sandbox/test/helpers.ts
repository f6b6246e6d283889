// Test helpers: a started sandbox plus a tiny fetch wrapper that speaks the contract's auth.
import { afterAll } from "vitest";
import { type SandboxOptions, type StartedSandbox, startSandbox } from "../src/index.ts";

export const DB = 2981;
export const TEAM = 24728;
export const TEAM_2 = 24729;

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read many answer shapes; assertions check them.
  body: any;
}

/** Starts a sandbox for the current test file and closes it after the file's tests. */
export async function startForFile(options: SandboxOptions = {}): Promise<StartedSandbox> {
  const started = await startSandbox(options);
  afterAll(() => started.close());
  return started;
}

export class Client {
  bearer?: string;
  /** `undefined` again when a test takes the token away. */
  teamToken?: string | undefined;

  constructor(public baseUrl: string) {}

  /** Basic login, then a team token for the database (default team unless one is given). */
  async login(username = "demo", password = "demo-password", db = DB, team?: number): Promise<this> {
    const token = await this.send("GET", "/extapi/v1.0/token", {
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` },
    });
    if (token.status !== 200) throw new Error(`login as ${username}: expected 200, got ${token.status}`);
    this.bearer = token.body.token;
    const query = team === undefined ? `db_id=${db}` : `db_id=${db}&team_id=${team}`;
    const teamToken = await this.send("GET", `/extapi/v1.0/team_token?${query}`);
    if (teamToken.status !== 200) throw new Error(`team token: expected 200, got ${teamToken.status}`);
    this.teamToken = teamToken.body.team_token;
    return this;
  }

  /** A data call: bearer header and team_token query added when known. */
  data(method: string, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<Answer> {
    const separator = path.includes("?") ? "&" : "?";
    const withToken = this.teamToken
      ? `${path}${separator}team_token=${encodeURIComponent(this.teamToken)}`
      : path;
    return this.send(method, withToken, { body, ...init });
  }

  async send(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal; raw?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.bearer && !headers.authorization) headers.authorization = `Bearer ${this.bearer}`;
    let payload: string | undefined = init.raw;
    if (init.body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(init.body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: payload ?? null,
      signal: init.signal ?? null,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }
}
