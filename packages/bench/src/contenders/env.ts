// A variable the contender cannot start without: fail at load with its name, as a cold start would.
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`${name} is not set`);
  return value;
}
