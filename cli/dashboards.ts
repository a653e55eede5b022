import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { generateAlarms } from '../alarms/generate';
import type { ServiceResources } from '../alarms/types';
import { generateDashboards } from '../dashboards/generate';
import { fillPseudoParameters } from '../dashboards/pseudo-parameters';
import { loadCatalog } from '../plugin/load-catalog';
import { loadServiceModule } from '../plugin/load-module';
import { parseArguments, UsageError } from './arguments';
import { CATALOG_DEFAULTS, type CommandIo } from './io';

/** `periscope dashboards --help`. */
export const DASHBOARDS_HELP = `Usage: periscope dashboards --resources <file>[#export] [--catalog <file>] [--export <name>]
                           [--stage dev] [--region us-east-1] [--account 123456789012] [--out <dir>]

Writes <out>/{exec,ops,dev}.json: the service's executive, operations and developer CloudWatch
dashboard bodies, generated from its catalog, its resources and its alarms, with the region and
account filled in, for review or to deploy another way (aws cloudwatch put-dashboard).
  --resources <file>  what the service deploys (functions, API, tables, notifier): a JSON file, or a
                      module whose export (default 'resources') is that object or a function of the stage
  --catalog <file>    the catalog module (default ${CATALOG_DEFAULTS.catalog})
  --export <name>     its export holding the catalog (default ${CATALOG_DEFAULTS.export})
  --stage <stage>     passed to a resources function (default dev)
  --region, --account fill \${AWS::Region} and \${AWS::AccountId} (default us-east-1, 000000000000);
                      \${AWS::Partition} becomes aws
  --out <dir>         where to write (default dashboards/out)
`;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

/** Reads `--resources`: a JSON document, or a module export that is the resources or a function of the stage. */
function loadResources(cwd: string, spec: string, stage: string): ServiceResources {
  const [file = '', exportName = 'resources'] = spec.split('#');
  const path = resolve(cwd, file);
  let value: unknown;
  try {
    value = extname(path) === '.json' ? JSON.parse(readFileSync(path, 'utf8')) : loadServiceModule(path)[exportName];
  } catch (error) {
    throw new UsageError(`--resources ${spec}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const resources = typeof value === 'function' ? (value as (stage: string) => unknown)(stage) : value;
  const shaped = resources as Partial<ServiceResources> | undefined;
  if (typeof shaped !== 'object' || shaped === null || typeof shaped.stage !== 'string' || !Array.isArray(shaped.functions) || !Array.isArray(shaped.tables)) {
    throw new UsageError(
      `--resources ${spec} is not a service's resources ({ stage, functions: [...], tables: [...], api?, notifier? })${value === undefined ? `: ${file} has no export '${exportName}'` : ''}`,
    );
  }
  return resources as ServiceResources;
}

/**
 * `periscope dashboards`: writes the three dashboard bodies of a service, as the plugin would deploy
 * them, with the region, account and partition substituted.
 * @returns the exit code
 * @throws {@link UsageError} for a bad region, account or resources file; `CatalogLoadError` for a bad catalog
 */
export function runDashboards(argv: readonly string[], io: CommandIo): number {
  const { options } = parseArguments(argv, { options: ['catalog', 'export', 'resources', 'stage', 'region', 'account', 'out'], switches: [] });
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  if (!REGION.test(region)) throw new UsageError(`--region ${region} is not an AWS region name (like us-east-1)`);
  if (!ACCOUNT.test(account)) throw new UsageError(`--account ${account} is not a 12-digit AWS account id`);
  if (options.resources === undefined) throw new UsageError('--resources is required: the JSON or module describing what the service deploys');
  const catalog = loadCatalog(io.cwd, options.catalog ?? CATALOG_DEFAULTS.catalog, options.export ?? CATALOG_DEFAULTS.export, '--catalog');
  const resources = loadResources(io.cwd, options.resources, options.stage ?? 'dev');
  const dashboards = generateDashboards(catalog, resources, { alarms: generateAlarms(catalog, resources).alarms });
  const out = resolve(io.cwd, options.out ?? 'dashboards/out');
  mkdirSync(out, { recursive: true });
  for (const [key, dashboard] of Object.entries(dashboards)) {
    const body = fillPseudoParameters(JSON.stringify(dashboard.body, null, 2), { region, accountId: account });
    writeFileSync(join(out, `${key}.json`), `${body}\n`);
    io.stdout(`${join(out, `${key}.json`)}: ${dashboard.name}, ${dashboard.body.widgets.length} widgets\n`);
  }
  return 0;
}
