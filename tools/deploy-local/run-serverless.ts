import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalService, serverlessCli } from './services';

/** The emulated AWS every client is pointed at. */
export interface LocalAws {
  /** The emulator's endpoint, for `AWS_ENDPOINT_URL`. */
  readonly endpoint: string;
  readonly region: string;
}

/** Placeholder credentials: the emulator accepts any, and no real ones may leave this machine. */
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/**
 * The environment osls runs with: this process's, less every `AWS_*` variable (no profile or real
 * credentials can leak in), with the emulator's endpoint (AWS SDK v3 honours `AWS_ENDPOINT_URL`),
 * placeholder credentials and the region; osls polls the emulator's stacks every 250 ms.
 */
export function awsEnvironment(aws: LocalAws): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return {
    ...env,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    AWS_SDK_LOAD_CONFIG: '0',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // osls polls CloudFormation every 5 s while a stack changes; the emulator changes it at once.
    SLS_AWS_MONITORING_FREQUENCY: '250',
  };
}

/** A client configuration for the emulator, for reading back what was deployed. */
export const sdkConfig = (aws: LocalAws) => ({ endpoint: aws.endpoint, region: aws.region, credentials: CREDENTIALS });

/** One osls command's outcome. */
export interface ServerlessRun {
  readonly code: number;
  /** stdout and stderr together, as a user reads them. */
  readonly output: string;
  readonly seconds: number;
  /** Where the whole output was written. */
  readonly logFile: string;
}

/** Runs a command to its end, writing everything it prints to `logFile` and handing each line to `onLine`. */
export function runLogged(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; onLine?: (line: string) => void }): Promise<ServerlessRun> {
  const started = Date.now();
  const log = createWriteStream(options.logFile);
  const chunks: string[] = [];
  let partial = '';
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      chunks.push(text);
      log.write(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const finish = (code: number): void => {
      if (partial !== '') options.onLine?.(partial);
      log.end(() => resolve({ code, output: chunks.join(''), seconds: (Date.now() - started) / 1000, logFile: options.logFile }));
    };
    child.once('error', (error) => {
      chunks.push(String(error));
      finish(1);
    });
    child.once('close', (code) => finish(code ?? 1));
  });
}

/**
 * Runs `serverless <command> --stage <stage> [args]` for a service against the emulator, with the
 * service's own osls; the output goes to `<logDir>/<service>-<logName ?? command>.log`.
 */
export function runServerless(
  service: LocalService,
  command: 'deploy' | 'remove',
  options: { stage: string; aws: LocalAws; logDir: string; args?: readonly string[]; logName?: string; onLine?: (line: string) => void },
): Promise<ServerlessRun> {
  mkdirSync(options.logDir, { recursive: true });
  return runLogged(process.execPath, [serverlessCli(service), command, '--stage', options.stage, '--region', options.aws.region, ...(options.args ?? [])], {
    cwd: service.dir,
    env: awsEnvironment(options.aws),
    logFile: join(options.logDir, `${service.key}-${options.logName ?? command}.log`),
    ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
  });
}

/** Installs a service's own dependencies (`npm install`), as its team would before deploying it. */
export function installService(service: LocalService, logDir: string): Promise<ServerlessRun> {
  mkdirSync(logDir, { recursive: true });
  return runLogged('npm', ['install', '--no-audit', '--no-fund'], { cwd: service.dir, env: process.env, logFile: join(logDir, `${service.key}-npm-install.log`) });
}

/** Whether osls found nothing to deploy (same artifacts and template as the last deployment). */
export const deploymentSkipped = (run: ServerlessRun): boolean => /No changes to deploy\. Deployment skipped/.test(run.output);

/** The lines of a failed run worth showing: from osls's `Error:` on, or its last lines. */
export function failureLines(run: ServerlessRun): string[] {
  const lines = run.output.split('\n').filter((line) => line.trim() !== '');
  const error = lines.findIndex((line) => line.startsWith('Error:'));
  return error >= 0 ? lines.slice(error, error + 12) : lines.slice(-12);
}
