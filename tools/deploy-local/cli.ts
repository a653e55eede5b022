/**
 * `npm run deploy:local`: `serverless deploy` of the layer service, the sample and the inventory
 * example onto moto's AWS API emulator, on loopback.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildLayer } from '../../layers/build-layer';
import { exitQuietlyOnClosedPipe } from '../stack/cli';
import { describeCreated } from './created';
import { deployServices, type LocalDeployOptions, removeServices } from './deploy-services';
import { MOTO_INSTALL, type MotoServer, startMotoServer } from './moto-server';
import { LOCAL_SERVICES, ROOT } from './services';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
exitQuietlyOnClosedPipe();

const LOG_DIR = 'test-artifacts/deploy-local';
const REGION = 'us-east-1';

const HELP = `Usage: npm run deploy:local [-- --stage <name>] [-- --only <services>] [-- --redeploy] [-- --remove] [-- --endpoint <url>]

Deploys with \`serverless deploy\`, as a team deploys to an AWS account, onto moto's AWS API emulator
(moto_server, started on a free loopback port): no AWS account, every AWS call goes to the emulator
with placeholder credentials.
  1. layer      ${LOCAL_SERVICES[0]?.description}
  2. orders     ${LOCAL_SERVICES[1]?.description}, on that layer
  3. inventory  ${LOCAL_SERVICES[2]?.description}, on that layer (npm install in it first, once)
Then prints what each stack holds, and what moto's CloudFormation skipped (alarms, composite alarms,
SNS subscriptions, queue policies, saved queries, event invoke configs: it does not model them;
cfn-lint and the template tests cover them). The emulator keeps the stacks in memory until you press
Enter (then \`serverless remove\` takes them all down) or Ctrl-C (stops it as they are).
Each command's whole output is in ${LOG_DIR}/.

Needs moto_server (${MOTO_INSTALL}); these machines have moto 5.2.

Options:
  --stage <name>     the stage to deploy (default dev)
  --only <keys>      only these, in order, from: ${LOCAL_SERVICES.map((s) => s.key).join(',')} (orders and inventory need the layer deployed)
  --redeploy         deploy each a second time, unchanged, and say whether anything changed
  --remove           \`serverless remove\` everything at the end, then stop (no waiting)
  --endpoint <url>   use the emulator already running there instead of starting moto_server
  --help, -h         this help
`;

const write = (text: string): void => void process.stdout.write(text);

/** The value after a flag, refusing a missing one by name. */
function optionValue(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value (see --help)`);
  return value;
}

function servicesFrom(only: string | undefined) {
  if (only === undefined) return LOCAL_SERVICES;
  const keys = only.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !LOCAL_SERVICES.some((service) => service.key === key));
  if (unknown.length > 0) throw new Error(`--only: no service named ${unknown.join(', ')}; the services are ${LOCAL_SERVICES.map((s) => s.key).join(', ')}`);
  return LOCAL_SERVICES.filter((service) => keys.includes(service.key));
}

/** Waits for Enter (true) or Ctrl-C / the end of input (false). */
function enterOrInterrupt(): Promise<boolean> {
  return new Promise((resolve) => {
    const input = createInterface({ input: process.stdin });
    // Resolved before close(), which emits 'close' at once.
    input.once('line', () => {
      resolve(true);
      input.close();
    });
    input.once('SIGINT', () => {
      resolve(false);
      input.close();
    });
    input.once('close', () => resolve(false));
  });
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    write(HELP);
    return 0;
  }
  const known = new Set(['--stage', '--only', '--redeploy', '--remove', '--endpoint']);
  const unknown = args.filter((arg, index) => arg.startsWith('-') && !known.has(arg) && !known.has(args[index - 1] ?? ''));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.join(', ')} (see --help)`);
  const stage = optionValue(args, '--stage') ?? 'dev';
  const services = servicesFrom(optionValue(args, '--only'));
  const given = optionValue(args, '--endpoint');

  mkdirSync(LOG_DIR, { recursive: true });
  if (services.some((service) => service.key === 'layer')) {
    const layer = await buildLayer({ root: ROOT });
    write(`layer zip: ${layer.zipPath}\n`);
  }
  let moto: MotoServer | undefined;
  if (given === undefined) {
    const log = createWriteStream(join(LOG_DIR, 'moto-server.log'));
    moto = await startMotoServer({ onLine: (line) => log.write(`${line}\n`) });
    write(`moto_server is up at ${moto.endpoint} (its log: ${LOG_DIR}/moto-server.log)\n`);
  }
  const options: LocalDeployOptions = { aws: { endpoint: moto?.endpoint ?? (given as string), region: REGION }, stage, logDir: LOG_DIR, onProgress: (line) => write(`${line}\n`) };
  try {
    const deployed = await deployServices(services, { ...options, redeploy: args.includes('--redeploy') });
    write('\nWhat the emulator holds:\n');
    for (const service of deployed) write(`${describeCreated(service.created, moto?.unmodelledTypes()).join('\n')}\n`);
    let remove = args.includes('--remove');
    if (!remove && moto !== undefined) {
      if (!process.stdin.isTTY) {
        write('\nstdin is not a terminal: stopping the emulator, which forgets the stacks (--remove takes them down with serverless remove first)\n');
        return 0;
      }
      write(
        `\nThe stacks stay up while this runs: AWS_ENDPOINT_URL=${moto.endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=${REGION} aws cloudformation describe-stacks\n`,
      );
      write('Press Enter to serverless remove them all and stop, Ctrl-C to stop as they are.\n');
      remove = await enterOrInterrupt();
    }
    if (remove) {
      await removeServices(services, options);
      write(`removed ${services.map((service) => service.key).join(', ')}\n`);
    }
    return 0;
  } finally {
    await moto?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run deploy:local: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
