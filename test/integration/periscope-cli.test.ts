import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/periscope';
import { linkPeriscope, ROOT } from '../support/serverless';

/** Runs one `periscope` command line in `cwd`, keeping what it says. */
function periscope(argv: readonly string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }) as number;
  return { code, stdout, stderr };
}

/** Another team's catalog, in its own folder, importing Periscope as a package. */
const OTHER_CATALOG = `import { defineService } from 'periscope';
export const payments = defineService({
  service: 'payments',
  namespace: 'Acme/Payments',
  functions: [{ name: 'charge', routes: ['POST /charges'] }],
  metrics: [{ name: 'ChargeRefused', unit: 'Count', description: 'Charges refused, by reason.', dimensions: ['reason'], views: ['operations'] }],
  slos: [{ name: 'payments-api', availabilityTarget: 99.5, latencyP99Ms: 800 }],
  tiers: {
    critical: { description: 'Payments fail.', page: true },
    warning: { description: 'Look today.', page: false },
    info: { description: 'FYI.', page: false },
  },
});
`;

describe('the periscope command', () => {
  const work = mkdtempSync(join(tmpdir(), 'periscope-cli-'));
  // Another team's folder, with Periscope installed (linked to this package, which `npm test` has built).
  linkPeriscope(work);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds the sample’s committed runbooks up to date (npm run runbooks writes them)', () => {
    // Act
    const run = periscope(['runbooks', '--out', 'docs/runbooks', '--check']);

    // Assess
    expect(run).toEqual({ code: 0, stdout: `35 runbooks in ${join(ROOT, 'docs/runbooks')} are up to date\n`, stderr: '' });
  });

  it('writes another service’s runbooks from its own catalog path and export, and --check then finds them current', () => {
    // Prepare
    writeFileSync(join(work, 'payments.config.ts'), OTHER_CATALOG);

    // Act
    const written = periscope(['runbooks', '--catalog', 'payments.config.ts', '--export', 'payments', '--out', 'runbooks'], work);
    const checked = periscope(['runbooks', '--catalog', 'payments.config.ts', '--export=payments', '--out', 'runbooks', '--check'], work);

    // Assess
    expect(written).toEqual({ code: 0, stdout: `wrote 35 runbooks for payments to ${join(work, 'runbooks')}\n`, stderr: '' });
    expect(readdirSync(join(work, 'runbooks'))).toContain('slo-burn-rate.md');
    expect(readFileSync(join(work, 'runbooks/api-4xx.md'), 'utf8')).not.toContain('OrderRejected');
    expect(checked.code).toBe(0);
  });

  it('lists the runbooks a catalog change made stale, and exits 1', () => {
    // Prepare
    writeFileSync(join(work, 'runbooks/slo-burn-rate.md'), 'edited by hand\n');

    // Act
    const run = periscope(['runbooks', '--catalog', 'payments.config.ts', '--export', 'payments', '--out', 'runbooks', '--check'], work);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`stale: ${join(work, 'runbooks/slo-burn-rate.md')}\nregenerate them: periscope runbooks --catalog payments.config.ts --out runbooks\n`);
  });

  it('writes the sample’s three dashboard bodies with the region and account filled in', () => {
    // Act
    const run = periscope([
      'dashboards',
      '--resources',
      'deploy/service-resources.ts#ordersServiceResources',
      '--stage',
      'prod',
      '--region',
      'eu-west-1',
      '--account',
      '123456789012',
      '--out',
      join(work, 'out'),
    ]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/exec\.json: orders-prod-executive, \d+ widgets$/),
      expect.stringMatching(/ops\.json: orders-prod-operations, \d+ widgets$/),
      expect.stringMatching(/dev\.json: orders-prod-developer, \d+ widgets$/),
    ]);
    const ops = readFileSync(join(work, 'out/ops.json'), 'utf8');
    expect(ops).toContain('arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-prod-critical');
    expect(ops).not.toContain('${AWS::');
  });

  it('takes the resources as JSON too', () => {
    // Prepare
    writeFileSync(join(work, 'resources.json'), JSON.stringify({ stage: 'dev', functions: [{ name: 'charge', functionName: 'payments-dev-charge', timeoutSeconds: 6 }], tables: [] }));

    // Act
    const run = periscope(['dashboards', '--catalog', 'payments.config.ts', '--export', 'payments', '--resources', 'resources.json', '--out', 'out'], work);

    // Assess
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(readFileSync(join(work, 'out/dev.json'), 'utf8')).toContain('/aws/lambda/payments-dev-charge');
  });

  it.each([
    [['dashboards', '--resources', 'deploy/service-resources.ts#ordersServiceResources', '--region', 'Europe'], 'periscope dashboards: --region Europe is not an AWS region name (like us-east-1)\n'],
    [['dashboards', '--resources', 'deploy/service-resources.ts#ordersServiceResources', '--account', '42'], 'periscope dashboards: --account 42 is not a 12-digit AWS account id\n'],
    [['dashboards'], 'periscope dashboards: --resources is required: the JSON or module describing what the service deploys\n'],
    [
      ['dashboards', '--resources', 'deploy/service-resources.ts#nothing'],
      "periscope dashboards: --resources deploy/service-resources.ts#nothing is not a service's resources ({ stage, functions: [...], tables: [...], api?, notifier? }): deploy/service-resources.ts has no export 'nothing'\n",
    ],
    [['runbooks', '--catalog', 'missing.config.ts'], `periscope runbooks: --catalog: missing.config.ts does not exist (looked for ${join(ROOT, 'missing.config.ts')})\n`],
    [['runbooks', '--outt', 'x'], 'periscope runbooks: unknown option --outt (known: --catalog, --export, --out, --check)\n'],
    [['runbooks', '--out'], 'periscope runbooks: --out needs a value\n'],
    [['runbook'], expect.stringContaining("periscope: unknown command 'runbook'\n")],
  ])('refuses %j, saying what is wrong, with exit code 2', (argv, message) => {
    // Act
    const run = periscope(argv);

    // Assess
    expect(run).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('explains itself and each command with --help', () => {
    // Act
    const top = periscope(['--help']);
    const dashboards = periscope(['dashboards', '--help']);

    // Assess
    expect(top).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: periscope <command> [options]') });
    expect(dashboards).toMatchObject({ code: 0, stdout: expect.stringContaining('--resources <file>') });
  });
});
