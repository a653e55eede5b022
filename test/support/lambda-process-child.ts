/**
 * One Lambda execution environment in a process of its own (started by `startLambdaProcess` in
 * `./lambda-process.ts`, run with `node --import tsx`): it loads a handler module once, as the
 * Lambda runtime does at init, then runs one invocation per `invoke` command it is sent over IPC,
 * setting `_HANDLER` and `_X_AMZN_TRACE_ID` before each as Lambda does. Whatever the module patches
 * (http and https, fetch's diagnostics channels, the X-Ray SDK's context) stays in this process.
 */
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import { lambdaContext } from '../../tools/emulators/lambda-sandbox/lambda-context';

/** What the parent asks for. */
export type LambdaProcessCommand =
  | {
      readonly type: 'invoke';
      /** The module's export to call (`createOrder`). */
      readonly exportName: string;
      /** `_HANDLER` for this invocation (`handlers/orders/handler.createOrder`). */
      readonly handler: string;
      /** `_X_AMZN_TRACE_ID` for this invocation. */
      readonly traceHeader: string;
      readonly functionName: string;
      readonly requestId: string;
      readonly event: unknown;
    }
  | { readonly type: 'packages' }
  | { readonly type: 'stop' };

/** What this process answers, one reply per command (and `ready` once the module is loaded). */
export type LambdaProcessReply =
  | { readonly type: 'ready' }
  | { readonly type: 'invoked'; readonly result: unknown }
  | { readonly type: 'packages'; readonly names: readonly string[] }
  | { readonly type: 'failed'; readonly message: string };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const reply = (message: LambdaProcessReply): void => {
  process.send?.(message);
};

const explain = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** The npm packages whose files this process has loaded (`@scope/name` or `name`), sorted. */
function loadedPackages(): string[] {
  const names = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match?.[1]) names.add(match[1]);
  }
  return [...names].sort();
}

function main(): void {
  const modulePath = process.argv[2];
  if (!modulePath) throw new Error('usage: lambda-process-child.ts <handler module, relative to the repository root>');
  // Init: what Lambda does once per execution environment, before the first request.
  const handlers = require(resolve(__dirname, '../..', modulePath)) as Record<string, Handler | undefined>;

  process.on('message', (command: LambdaProcessCommand) => {
    // The DynamoDB client's keep-alive sockets would hold the process open: leave at once.
    if (command.type === 'stop') process.exit(0);
    if (command.type === 'packages') {
      reply({ type: 'packages', names: loadedPackages() });
      return;
    }
    const handler = handlers[command.exportName];
    if (typeof handler !== 'function') {
      reply({ type: 'failed', message: `${modulePath} exports no handler named ${command.exportName}` });
      return;
    }
    process.env._HANDLER = command.handler;
    process.env._X_AMZN_TRACE_ID = command.traceHeader;
    handler(command.event, lambdaContext({ functionName: command.functionName, requestId: command.requestId })).then(
      (result) => reply({ type: 'invoked', result }),
      (error: unknown) => reply({ type: 'failed', message: `the handler threw: ${explain(error)}` }),
    );
  });
  reply({ type: 'ready' });
}

try {
  main();
} catch (error) {
  // Exit once the parent has the reason: the IPC message would be lost to an immediate exit.
  const failed: LambdaProcessReply = { type: 'failed', message: `cannot load the handler module: ${explain(error)}` };
  if (process.send) process.send(failed, () => process.exit(1));
  else process.exit(1);
}
