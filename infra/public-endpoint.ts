// Whether a URL in the hooks configuration can be what a production stage talks to: a name or address on the
// public internet, over HTTPS. A copied example (`http://localhost:3001`), a Docker service name or a private
// address would make every delivery fail, or send credentials in clear text. Plain Node: `node:net`'s
// BlockList matches IPv4-mapped IPv6 addresses against the IPv4 ranges too.
import { BlockList, isIP } from "node:net";

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, including the instance metadata service
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
] as const)
  NON_PUBLIC.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
] as const)
  NON_PUBLIC.addSubnet(network, prefix, "ipv6");

/** Names that never resolve on the public internet (RFC 6761, 6762, 8375; a Docker or LAN host name). */
const PRIVATE_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa"];

/** Why `hostname` (as `URL` parses it) is not a public host, or undefined when it is one. */
export function nonPublicHostReason(hostname: string): string | undefined {
  const host = hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  const family = isIP(host);
  if (family !== 0)
    return NON_PUBLIC.check(host, family === 4 ? "ipv4" : "ipv6")
      ? "a loopback, private or link-local address"
      : undefined;
  if (host === "localhost" || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix)))
    return "a local-only host name";
  if (!host.includes(".")) return "a single-label host name (a LAN or Docker name, not a public one)";
  return undefined;
}

/**
 * What is wrong with `url` as a production endpoint, or undefined: not a public host, or (when `https` is
 * required) not HTTPS.
 */
export function endpointProblem(url: string, requirements: { https: boolean }): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url)} is not a URL`;
  }
  const hostReason = nonPublicHostReason(parsed.hostname);
  if (hostReason !== undefined) return `${url} points at ${hostReason}`;
  if (requirements.https && parsed.protocol !== "https:")
    return `${url} is ${parsed.protocol.replace(":", "").toUpperCase()}, expected HTTPS`;
  return undefined;
}
