// `smx keys …`: the actions API's per-integration keys. `create` prints the key once (only its hash is
// stored), `list` shows them without secrets, `revoke` makes a key answer 401 (docs/actions-api.md#keys).
import type { ApiKeyRecord } from "@smx/core";
import { type Command, Option } from "commander";
import type { CommandContext } from "./context.ts";
import { UsageError } from "./errors.ts";

export function registerKeyCommands(program: Command, ctx: CommandContext): void {
  const json = () => new Option("--json", "print JSON (for scripts)");
  const keys = program
    .command("keys")
    .description("API keys of the actions API (/api/v1), one per integration");

  keys
    .command("create")
    .description("a new key for one connection; the key is printed once and never stored")
    .requiredOption("--name <name>", "what the key is for, e.g. zapier-acme")
    .requiredOption("--connection <id>", "the connection the key may read from and write to")
    .addOption(json())
    .action(async (options, command: Command) => {
      const runtime = await ctx.runtimeOf(command);
      const name = String(options.name).trim();
      if (name === "" || name.length > 100) throw new UsageError("--name: 1–100 characters");
      if (!runtime.config.connections.some((connection) => connection.id === options.connection)) {
        const known = runtime.config.connections.map((connection) => connection.id).join(", ");
        throw new UsageError(`--connection: no connection "${options.connection}" is configured (${known})`);
      }
      const { key, record } = await runtime.apiKeys.create({ name, connectionId: options.connection });
      ctx.print(
        options.json,
        { key, ...record },
        () =>
          `API key ${record.id} "${record.name}" for connection ${record.connectionId}:\n\n  ${key}\n\n` +
          "Copy it now: it is shown only this once (only its hash is stored).\n",
      );
    });

  keys
    .command("list")
    .description("every key with its name, connection and state (never the secret)")
    .addOption(json())
    .action(async (options, command: Command) => {
      const records = await (await ctx.runtimeOf(command)).apiKeys.list();
      const shown = records.map(({ hash: _hash, ...rest }) => rest);
      ctx.print(options.json, shown, () => formatKeys(records));
    });

  keys
    .command("revoke")
    .description("revoke a key (by its id, or the whole key): it answers 401 from now on")
    .argument("<keyId>")
    .addOption(json())
    .action(async (keyId: string, options, command: Command) => {
      const { hash: _hash, ...record } = await (await ctx.runtimeOf(command)).apiKeys.revoke(keyId);
      ctx.print(
        options.json,
        record,
        () => `revoked API key ${record.id} "${record.name}" at ${record.revokedAt}\n`,
      );
    });
}

function formatKeys(records: ApiKeyRecord[]): string {
  if (records.length === 0)
    return "no API keys (create one with `smx keys create --name … --connection …`)\n";
  const rows = records.map(
    (r) =>
      `${r.id}  ${r.revokedAt === undefined ? "active " : "revoked"}  ${r.connectionId}  ${r.name}  created ${r.createdAt}`,
  );
  return `${rows.join("\n")}\n`;
}
