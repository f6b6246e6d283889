// The operator API's key check. Both sides are hashed first so the comparison is constant-time whatever the
// lengths, and the key never appears in an error or a log line.
import { createHash, timingSafeEqual } from "node:crypto";

export type AdminKeyCheck = "ok" | "missing" | "wrong";

export function checkAdminKey(authorization: string | undefined, expectedKey: string): AdminKeyCheck {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match?.[1]) return "missing";
  return timingSafeEqual(digest(match[1]), digest(expectedKey)) ? "ok" : "wrong";
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}
