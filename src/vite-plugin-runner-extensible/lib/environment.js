// The environment the plugin defines (PROTOCOL.md §1): resolve defaults that depend on whether
// the runner exposes Node's APIs, and a plain DevEnvironment on the hub's HotChannel.

/**
 * Environment options the plugin contributes; options the user already set for the environment
 * are left alone (Vite merges this over the user config, so only unset keys are returned).
 * @param {import('vite').EnvironmentOptions | undefined} user the user's environments[name]
 * @param {boolean} nodeApis
 * @param {(name: string, config: import('vite').ResolvedConfig) => import('vite').DevEnvironment} createEnvironment
 * @returns {import('vite').EnvironmentOptions}
 */
export function environmentOptions(user, nodeApis, createEnvironment) {
  const resolve = {};
  if (!nodeApis) {
    // No Node APIs: every dependency is transformed and shipped as code, nothing is a builtin,
    // and packages must not pick their "node" exports.
    const userResolve = user?.resolve ?? {};
    if (userResolve.noExternal === undefined) resolve.noExternal = true;
    if (userResolve.builtins === undefined) resolve.builtins = [];
    if (userResolve.conditions === undefined) resolve.conditions = ['module', 'development|production'];
  }
  return {
    ...(user?.consumer === undefined && { consumer: 'server' }),
    ...(Object.keys(resolve).length > 0 && { resolve }),
    dev: { createEnvironment },
  };
}

/**
 * @param {typeof import('vite').DevEnvironment} DevEnvironment from the Vite that runs the server
 * @param {import('./hub.js').Hub} hub
 * @param {string} name
 * @param {import('vite').ResolvedConfig} config
 */
export function createRunnerEnvironment(DevEnvironment, hub, name, config) {
  const channel = hub.createChannel();
  const environment = new DevEnvironment(name, config, { hot: true, transport: channel });
  channel.environment = environment;
  hub.onEnvironmentCreated?.(environment);
  return environment;
}
