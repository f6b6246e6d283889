// A provider's signature scheme as one object, in the Standard Webhooks style: `sign` makes the headers the
// provider sends, and `verify` recomputes each expected signature with that same `sign`, so the two readings
// of a scheme cannot drift apart. Test senders (`smx hooks test`, the local stack's sample curl, benches)
// sign with it; the source adapter verifies with it.

/** What a signature covers. Schemes without an id or a time in their headers ignore those. */
export interface SignInput {
  secret: string;
  /** The raw bytes as sent. */
  body: Uint8Array;
  /** Unix seconds, as the headers carry it. */
  timestamp: string;
  /** The message id, as the headers carry it (Standard Webhooks' `webhook-id`). */
  messageId: string;
}

export interface VerifyInput {
  body: Uint8Array;
  headers: Headers;
  /** Every secret valid now (several during a rotation). */
  secrets: readonly string[];
  /** Epoch ms. */
  now: number;
  /** How old (or how far ahead) a signed timestamp may be. */
  toleranceSeconds: number;
}

export interface SignatureScheme {
  /** The headers the provider sends with `body`, signed with `secret`. */
  sign(input: SignInput): Record<string, string>;
  /** Throws AuthenticationError naming the header at fault unless some secret's `sign` matches. */
  verify(input: VerifyInput): void;
  /** What is wrong with a secret value's form for this scheme (e.g. not `whsec_…`), if anything. */
  secretProblem?(value: string): string | undefined;
}

/** The headers `scheme` sends for `body` at `now` (epoch ms), as a test sender would send them. */
export function signedHeaders(
  scheme: SignatureScheme,
  args: { secret: string; body: Uint8Array; now: number; messageId?: string },
): Record<string, string> {
  return scheme.sign({
    secret: args.secret,
    body: args.body,
    timestamp: String(Math.floor(args.now / 1000)),
    messageId: args.messageId ?? `msg_${crypto.randomUUID()}`,
  });
}
