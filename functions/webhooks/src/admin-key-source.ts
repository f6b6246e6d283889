// Where the operator API's key comes from: SMX_ADMIN_API_KEY, else the SST secret `AdminApiKey` when it is
// linked to the function. Links are probed with `in`, which never throws, so an unlinked stage simply has
// the admin API disabled (503) instead of failing to start.
export function adminApiKeyFrom(env: Record<string, string | undefined>, links: object): string | undefined {
  const fromEnv = env.SMX_ADMIN_API_KEY?.trim();
  if (fromEnv) return fromEnv;
  if (!("AdminApiKey" in links)) return undefined;
  const linked = (links as { AdminApiKey?: { value?: unknown } }).AdminApiKey;
  return typeof linked?.value === "string" && linked.value.trim() !== "" ? linked.value : undefined;
}
