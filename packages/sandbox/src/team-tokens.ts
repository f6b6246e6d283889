// Team tokens in the documented form `base64url(JSON {"db_id":…,"team_id":…}).signature`, signed with
// HMAC-SHA256 so a tampered payload is refused with 403 like the real API would.
import { createHmac, timingSafeEqual } from "node:crypto";
import * as v from "valibot";
import { ApiError } from "./errors.ts";
import { Id } from "./schemas.ts";

const Payload = v.object({ db_id: Id, team_id: Id });

export class TeamTokens {
  // A private field so the key never shows up in JSON.stringify or a debugger's object preview.
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** Only for the state file, so tokens handed out before a restart stay valid after it. */
  exportSecret(): string {
    return this.#secret;
  }

  issue(databaseId: number, teamId: number): string {
    const payload = Buffer.from(JSON.stringify({ db_id: databaseId, team_id: teamId })).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** The token's database and team; 403 when it is malformed or its signature does not match. */
  verify(token: string): { databaseId: number; teamId: number } {
    const [payload, signature, ...rest] = token.split(".");
    if (!payload || !signature || rest.length > 0)
      throw new ApiError(403, "team_token: expected <base64url payload>.<signature>");
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new ApiError(403, "team_token: signature does not match");
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw new ApiError(403, "team_token: payload is not base64url JSON");
    }
    const parsed = v.safeParse(Payload, json);
    if (!parsed.success) throw new ApiError(403, "team_token: payload lacks integer db_id and team_id");
    return { databaseId: parsed.output.db_id, teamId: parsed.output.team_id };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.#secret).update(payload).digest("base64url");
  }
}
