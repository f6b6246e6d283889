// Checks across the hooks configuration, the deploy settings and the stage, run before any resource is
// declared: a refused deploy changes nothing. Production stages (sst.config.ts: `prod` and `prod-*`) must not
// point a connection at a local, private or plain-HTTP endpoint, which is what a copied example does. Plain
// Node.
import { type DeployConfig, readDeployConfig } from "./deploy-config.ts";
import { DeployConfigError } from "./deploy-error.ts";
import { type DeploySettings, readDeploySettings } from "./deploy-settings.ts";
import { endpointProblem } from "./public-endpoint.ts";

export interface DeployInputs {
  config: DeployConfig;
  settings: DeploySettings;
}

export interface DeployTarget {
  stage: string;
  production: boolean;
}

/** Reads and validates both files for `target`, then refuses the deploy on any problem between them. */
export function readDeployInputs(
  root: string,
  env: Record<string, string | undefined>,
  target: DeployTarget,
): DeployInputs {
  const inputs = {
    config: readDeployConfig(root, env),
    settings: readDeploySettings(root, env, target.stage),
  };
  const problems = [
    ...(target.production ? productionEndpointProblems(inputs.config) : []),
    ...settingsProblems(inputs),
  ];
  if (problems.length > 0)
    throw new DeployConfigError(
      `stage "${target.stage}"${target.production ? " (production)" : ""}`,
      problems,
    );
  return inputs;
}

/**
 * SalesMania is reached over HTTPS on a public host; a form's redirect must be a public page (a browser
 * follows it, so plain HTTP is the site owner's choice).
 */
function productionEndpointProblems({ path, config }: DeployConfig): string[] {
  const connections = config.connections.map((connection, index) => ({
    at: `${path}: connections[${index}].baseUrl`,
    problem: endpointProblem(connection.baseUrl, { https: true }),
  }));
  const redirects = config.hooks.flatMap((hook, index) =>
    (["success", "failure"] as const).map((outcome) => {
      const url = hook.redirect?.[outcome];
      return {
        at: `${path}: hooks[${index}].redirect.${outcome}`,
        problem: url === undefined ? undefined : endpointProblem(url, { https: false }),
      };
    }),
  );
  return [...connections, ...redirects].flatMap(({ at, problem }) =>
    problem === undefined ? [] : [`${at}: ${problem}`],
  );
}

function settingsProblems({ config, settings }: DeployInputs): string[] {
  const where = settings.path ?? "deploy settings";
  const hooks = new Map(config.config.hooks.map((hook) => [hook.id, hook]));
  return Object.keys(settings.stage.alarms.silentHooks).flatMap((hookId) => {
    const hook = hooks.get(hookId);
    if (hook === undefined)
      return [
        `${where}: alarms.silentHooks.${hookId}: no such hook in ${config.path} (hooks: ${[...hooks.keys()].join(", ")})`,
      ];
    if (hook.disabled === true)
      return [`${where}: alarms.silentHooks.${hookId}: the hook is disabled, so it is silent on purpose`];
    return [];
  });
}
