// Where a client's credentials come from. The client asks its provider for them on first use and tells it
// when SalesMania refused them; a provider that holds newer ones (a password rotated in the secret store)
// hands them over and the client repeats the call once. A fixed set of credentials has nothing newer.

/** Login credentials (a bearer token is fetched with them), or ready-made tokens. */
export type SalesmaniaAuth =
  | { kind: "credentials"; username: string; password: string; databaseId?: number; teamId?: number }
  | { kind: "tokens"; bearerToken: string; teamToken: string };

export interface CredentialsProvider {
  /** The credentials to use now. */
  current(): Promise<SalesmaniaAuth>;
  /**
   * SalesMania refused `refused` (the token endpoint's 401, a 401 the bearer refresh did not cure, a 403):
   * newer credentials worth one more try, or undefined when there are none and the refusal stands.
   */
  refused(refused: SalesmaniaAuth): Promise<SalesmaniaAuth | undefined>;
}

/** Credentials that never change: a refusal is final. */
export function fixedCredentials(auth: SalesmaniaAuth): CredentialsProvider {
  return { current: async () => auth, refused: async () => undefined };
}

export function isCredentialsProvider(
  auth: SalesmaniaAuth | CredentialsProvider,
): auth is CredentialsProvider {
  return "current" in auth;
}
