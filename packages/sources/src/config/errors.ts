/** The configuration is unusable. Lists every problem found, each starting with its key path. */
export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    /** Where the configuration came from (a file path). */
    readonly origin: string,
    /** One line per problem: `hooks[2].auth.secrets: at least one secret is required`. */
    readonly problems: readonly string[],
  ) {
    super(
      `${origin}: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}
