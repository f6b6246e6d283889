// This stage's deploy inputs — the hooks configuration and the deploy settings — read, validated and checked
// against each other once, before any resource is declared (sst.config.ts imports this module first), so a
// refused deploy changes nothing.
import { readDeployInputs } from "./deploy-guards.ts";
import { isProduction } from "./stage.ts";

// SST runs the program from the project root.
export const { config: deployConfig, settings: deploySettings } = readDeployInputs(
  process.cwd(),
  process.env,
  {
    stage: $app.stage,
    production: isProduction,
  },
);
