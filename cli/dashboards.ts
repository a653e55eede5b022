/**
 * `npm run dashboards [-- --stage <stage>] [-- --region <region>] [-- --account <id>] [-- --out <dir>]`:
 * writes the sample's executive, operations and developer dashboard bodies to dashboards/out/, for
 * review and for teams that deploy dashboards another way (`aws cloudwatch put-dashboard`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ordersDashboards } from '../tools/stack/orders-dashboards';

const HELP = `Usage: npm run dashboards [-- --stage dev] [-- --region us-east-1] [-- --account 123456789012] [-- --out dashboards/out]

Writes <out>/{exec,ops,dev}.json: the CloudWatch dashboard bodies of the sample orders service,
generated from observability.config.ts and its alarms, with the region and account filled in.
`;

const option = (argv: readonly string[], name: string, fallback: string): string => {
  const index = argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
};

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const stage = option(argv, 'stage', 'dev');
  const region = option(argv, 'region', 'us-east-1');
  const account = option(argv, 'account', '000000000000');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new Error(`--region ${region} is not an AWS region name (like us-east-1)`);
  if (!/^\d{12}$/.test(account)) throw new Error(`--account ${account} is not a 12-digit AWS account id`);
  const out = resolve(option(argv, 'out', join(__dirname, 'out')));
  mkdirSync(out, { recursive: true });
  for (const [key, dashboard] of Object.entries(ordersDashboards(stage))) {
    const body = JSON.stringify(dashboard.body, null, 2).replaceAll('${AWS::Region}', region).replaceAll('${AWS::AccountId}', account);
    writeFileSync(join(out, `${key}.json`), `${body}\n`);
    process.stdout.write(`${join(out, `${key}.json`)}: ${dashboard.name}, ${dashboard.body.widgets.length} widgets\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`npm run dashboards: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
