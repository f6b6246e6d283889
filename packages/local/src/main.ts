// `npm run dev`: starts the local stack, prints where everything is, and stops it all on Ctrl-C.
import { describeStack } from "./banner.ts";
import { startLocalStack } from "./stack.ts";

async function main(): Promise<void> {
  // The SDK's notice about future Node versions is not actionable while developing (docs/local.md).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const stack = await startLocalStack();
  console.log(await describeStack(stack));
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while stopping gives up waiting.
    if (stopping) process.exit(130);
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("stopping failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
