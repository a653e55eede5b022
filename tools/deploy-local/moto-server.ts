import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../stack/ports';

/** moto_server with the CloudFormation properties moto drops passed on (see the script's docstring). */
const LAUNCHER = join(__dirname, 'moto_server.py');

/** The Python that runs it by default: the one `pip install` put moto in; PERISCOPE_PYTHON names another. */
export const DEFAULT_PYTHON = process.env['PERISCOPE_PYTHON'] ?? 'python3';

/** What to install when `moto_server` is missing: moto with its server extra (these machines carry 5.2). */
export const MOTO_INSTALL = "pip install 'moto[server]'";

/** Thrown when moto's server is not installed here; the message names the fix. */
export class MotoServerMissingError extends Error {
  public constructor(python: string, detail: string, options?: ErrorOptions) {
    super(
      `moto_server is not installed for ${python} (${detail}): install it with \`${MOTO_INSTALL}\` (moto 5.2 is what this is tested with; PERISCOPE_PYTHON names another Python), or pass --endpoint with an emulator already running`,
      options,
    );
    this.name = 'MotoServerMissingError';
  }
}

/** Thrown when `moto_server` starts but does not answer. */
export class MotoServerStartError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MotoServerStartError';
  }
}

/** A running `moto_server`. */
export interface MotoServer {
  /** Its endpoint, for `AWS_ENDPOINT_URL`: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The resource types its CloudFormation said it does not model, and so skipped ("No Moto CloudFormation support for …"). */
  readonly unmodelledTypes: () => ReadonlySet<string>;
  /** Stops it and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Options for {@link startMotoServer}. */
export interface MotoServerOptions {
  /** @default a free loopback port */
  readonly port?: number;
  /** @default 30000: moto imports every service's models at start */
  readonly readyTimeoutMs?: number;
  /** Every line it prints. */
  readonly onLine?: (line: string) => void;
  /** The Python with moto installed. @default {@link DEFAULT_PYTHON} */
  readonly python?: string;
}

const RECENT_LINES = 200;
const UNMODELLED = /No Moto CloudFormation support for (\S+)/;

/** Whether anything answers moto's own API at `endpoint`. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
}

/** Whether moto's server can be started here. */
export const motoServerInstalled = (python = DEFAULT_PYTHON): boolean => spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore' }).status === 0;

/** The line Python prints when moto, or its server's dependencies, are not installed. */
const NOT_INSTALLED = /No module named '(moto|flask|werkzeug)[^']*'/;

/**
 * Starts moto's AWS API emulator (moto_server, Python) on loopback, through `moto_server.py` beside
 * this file, and waits until it answers. Everything it holds lives in its memory: stopping it
 * forgets every stack.
 *
 * @throws MotoServerMissingError when Python or moto's server is not installed
 * @throws MotoServerStartError when it exits or does not answer within the timeout
 */
export async function startMotoServer(options: MotoServerOptions = {}): Promise<MotoServer> {
  const port = options.port ?? (await freePort());
  const python = options.python ?? DEFAULT_PYTHON;
  const endpoint = `http://127.0.0.1:${port}`;
  const recent: string[] = [];
  const unmodelled = new Set<string>();
  const child = spawn(python, [LAUNCHER, '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      const type = UNMODELLED.exec(line)?.[1];
      if (type !== undefined) unmodelled.add(type);
      options.onLine?.(line);
    });
  }
  const stop = stopper(child);
  const failed = new Promise<Error>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? new MotoServerMissingError(python, 'no such program', { cause: error }) : error));
    child.once('exit', (code, signal) => {
      const missing = recent.map((line) => NOT_INSTALLED.exec(line)?.[0]).find((line) => line !== undefined);
      // A pyenv shim for a command the active Python lacks exits 127 ("command not found").
      if (missing !== undefined || code === 127) resolve(new MotoServerMissingError(python, missing ?? recent.at(-1) ?? 'command not found'));
      else resolve(new MotoServerStartError(`moto_server exited (${signal ?? `code ${code}`}) before it answered on ${endpoint}. Last output:\n${recent.join('\n')}`));
    });
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  let failure: Error | undefined;
  void failed.then((error) => {
    failure = error;
  });
  while (failure === undefined && !(await answers(endpoint))) {
    if (Date.now() > deadline) {
      await stop();
      throw new MotoServerStartError(`moto_server did not answer on ${endpoint} within ${options.readyTimeoutMs ?? 30_000} ms. Last output:\n${recent.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (failure !== undefined) throw failure;
  return { endpoint, unmodelledTypes: () => new Set(unmodelled), stop };
}
