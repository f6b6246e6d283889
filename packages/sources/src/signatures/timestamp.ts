// Replay protection for schemes that sign a timestamp: the signature must be recent, in both directions
// (a timestamp far in the future is as suspicious as an old one).
import { AuthenticationError } from "../errors.ts";

/** Parses a header's unix-seconds timestamp and checks it lies within ±`toleranceSeconds` of `now` (epoch ms). */
export function checkTimestamp(args: {
  header: string;
  value: string;
  now: number;
  toleranceSeconds: number;
}): number {
  const { header, value, now, toleranceSeconds } = args;
  if (!/^\d{1,12}$/.test(value)) {
    throw new AuthenticationError(
      `${header}: expected a unix timestamp in seconds, got ${JSON.stringify(value.slice(0, 32))}`,
      { header },
    );
  }
  const seconds = Number(value);
  const skew = Math.floor(now / 1000) - seconds;
  if (Math.abs(skew) > toleranceSeconds) {
    const direction = skew > 0 ? `${skew} s old` : `${-skew} s in the future`;
    throw new AuthenticationError(
      `${header}: the signature timestamp is ${direction}; at most ${toleranceSeconds} s either way is accepted (replayed request or clock skew)`,
      { header },
    );
  }
  return seconds;
}
