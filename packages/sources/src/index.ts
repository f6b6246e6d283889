export * from "./adapter.ts";
export { authenticate, authenticateGeneric } from "./auth/index.ts";
export { type BodyFormat, type FilePart, type FormFields, parseBody } from "./body/index.ts";
export * from "./config/index.ts";
export * from "./errors.ts";
export { buildCommand, readPath, resolveDedupKey } from "./mapping/index.ts";
export { sourceAdapter } from "./registry.ts";
export { isSignedSource, providerSignatureHeaders, type SignedSource } from "./signatures/sign.ts";
export { formRedirect, HONEYPOT_FIELD } from "./sources/html-form.ts";
