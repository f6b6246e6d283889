// `salesmania_errors` (docs/operations.md, "Metrics the alarms read"): every SalesMania answer that is not a
// success, per connection and status, from the client's per-attempt report. An expired bearer token's 401 is
// routine — the client logs in again once and repeats the call — so a 401 counts only where it means the
// credentials are wrong: at the login itself, or on a connection with ready-made tokens (nothing to renew).
import type { RequestInfo } from "@smx/salesmania";
import type { Metrics } from "./ports.ts";

export function salesmaniaErrorCounter(
  metrics: Metrics,
  connectionId: string,
  readyMadeTokens: boolean,
): (info: RequestInfo) => void {
  return (info) => {
    const status =
      info.status === undefined ? (info.failure === "timeout" ? "timeout" : "network") : String(info.status);
    if (info.status !== undefined && info.status < 300) return;
    if (info.status === 401 && !info.login && !readyMadeTokens) return;
    metrics.count("salesmania_errors", 1, { connectionId, status });
  };
}
