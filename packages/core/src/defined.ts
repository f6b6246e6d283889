// Objects built from optional inputs, for `exactOptionalPropertyTypes`: a member that holds `undefined` is
// left out, so the value has the exact type `T` (and a record written looks like one read back).

/** `T` as it is built from optional inputs: each optional member may also hold `undefined`. */
export type WithUndefined<T> = {
  [K in keyof T]: Partial<Pick<T, K>> extends Pick<T, K> ? T[K] | undefined : T[K];
};

/** `value` without its undefined members: a `T`. Name `T`; it is not inferred. */
export function defined<T extends object>(value: WithUndefined<NoInfer<T>>): T {
  // The one cast: Object.fromEntries loses the keys' types; dropping the undefined members makes it a `T`.
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
