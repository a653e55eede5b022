import { type CreatedStack, readCreatedStack } from './created';
import { deployedLayerArn } from './layer-arn';
import { deploymentSkipped, failureLines, installService, type LocalAws, runServerless, type ServerlessRun, sdkConfig } from './run-serverless';
import { type LocalService, needsInstall, stackName } from './services';

/** Thrown when a step of the local deploy fails; names the service, the command and its log. */
export class LocalDeployError extends Error {
  public constructor(
    public readonly service: string,
    step: string,
    run: ServerlessRun,
  ) {
    super(`${step} of ${service} failed (exit ${run.code}, ${run.seconds.toFixed(0)} s; whole output in ${run.logFile}):\n${failureLines(run).join('\n')}`);
    this.name = 'LocalDeployError';
  }
}

/** What happened to one service. */
export interface DeployedService {
  readonly service: LocalService;
  readonly stack: string;
  readonly deploy: ServerlessRun;
  /** What the stack holds after the last deploy. */
  readonly created: CreatedStack;
}

/** Options for {@link deployServices} and {@link removeServices}. */
export interface LocalDeployOptions {
  readonly aws: LocalAws;
  readonly stage: string;
  /** Where each command's whole output is written. */
  readonly logDir: string;
  /** Progress, a line at a time. */
  readonly onProgress: (line: string) => void;
}

/** What `serverless deploy` of a service is given: the layer version, to a service that runs on it. */
export const deployArgs = (service: LocalService, layerArn: string | undefined): string[] => (service.usesLayer ? [`--param=periscopeLayer=${layerArn}`] : []);

async function deployOnce(service: LocalService, args: readonly string[], options: LocalDeployOptions, step: string, logName: string): Promise<ServerlessRun> {
  const run = await runServerless(service, 'deploy', { stage: options.stage, aws: options.aws, logDir: options.logDir, args, logName });
  if (run.code !== 0) throw new LocalDeployError(service.key, step, run);
  return run;
}

/**
 * `serverless deploy`s each service, in order, onto the emulator, as a team deploys to an account:
 * a service with its own package.json is `npm install`ed first; the services on the layer get the
 * version the layer service just published (`--param=periscopeLayer=<arn>`, see `deployedLayerArn`).
 * With `redeploy`, each is deployed a second time, unchanged.
 *
 * @throws LocalDeployError at the first step that fails, naming it
 */
export async function deployServices(services: readonly LocalService[], options: LocalDeployOptions & { readonly redeploy?: boolean }): Promise<DeployedService[]> {
  const deployed: DeployedService[] = [];
  let layerArn: string | undefined;
  for (const [index, service] of services.entries()) {
    const step = `[${index + 1}/${services.length}] ${service.key}`;
    if (needsInstall(service)) {
      options.onProgress(`${step}: npm install in ${service.dir} (its own package.json, once)…`);
      const install = await installService(service, options.logDir);
      if (install.code !== 0) throw new LocalDeployError(service.key, 'npm install', install);
    }
    if (service.usesLayer) layerArn ??= await deployedLayerArn(sdkConfig(options.aws), options.stage);
    const args = deployArgs(service, layerArn);
    options.onProgress(`${step}: serverless deploy of ${service.description}…`);
    const deploy = await deployOnce(service, args, options, 'serverless deploy', 'deploy');
    options.onProgress(`${step}: deployed to stack ${stackName(service, options.stage)} in ${deploy.seconds.toFixed(0)} s`);
    if (service.publishesLayer) {
      layerArn = await deployedLayerArn(sdkConfig(options.aws), options.stage);
      options.onProgress(`${step}: published ${layerArn}`);
    }
    if (options.redeploy === true) {
      const redeploy = await deployOnce(service, args, options, 'the second serverless deploy', 'redeploy');
      options.onProgress(
        `${step}: deployed again, unchanged, in ${redeploy.seconds.toFixed(0)} s: ${deploymentSkipped(redeploy) ? 'osls found no change and skipped it' : 'osls updated the stack (it always does for a service without functions)'}`,
      );
    }
    const created = await readCreatedStack(sdkConfig(options.aws), stackName(service, options.stage));
    deployed.push({ service, stack: created.stack, deploy, created });
  }
  return deployed;
}

/**
 * `serverless remove`s each service, in the reverse order (the services before the layer they run on).
 *
 * @throws LocalDeployError at the first removal that fails
 */
export async function removeServices(services: readonly LocalService[], options: LocalDeployOptions): Promise<ServerlessRun[]> {
  const runs: ServerlessRun[] = [];
  for (const service of [...services].reverse()) {
    options.onProgress(`serverless remove of ${service.key} (stack ${stackName(service, options.stage)})…`);
    const run = await runServerless(service, 'remove', { stage: options.stage, aws: options.aws, logDir: options.logDir });
    if (run.code !== 0) throw new LocalDeployError(service.key, 'serverless remove', run);
    runs.push(run);
  }
  return runs;
}
