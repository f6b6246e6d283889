// The one error a refused deploy ends with: where the problem is (a file, a variable, the stage) and every
// problem found, each starting with its key path, so one run shows the whole list to fix. Plain Node.
export class DeployConfigError extends Error {
  override name = "DeployConfigError";
  constructor(
    readonly origin: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(
      problems.length === 1
        ? `${origin}: ${problems[0]}`
        : `${origin}: ${problems.length} problems\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
      options,
    );
  }
}
