import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLayer } from '../../layers/build-layer';
import { cfnLint, cfnLintVersion, findingLine } from '../support/cfn-lint';
import { CHECKOUT_LOCK_WAIT_MS, lockCheckout } from '../support/checkout-lock';
import { type PackageRun, ROOT, serverlessPackage } from '../support/serverless';

/** The layer's own small service (layers/serverless.yml), which every service using Periscope imports the layer from. */
describe('the periscope-layer service', () => {
  const out = mkdtempSync(join(tmpdir(), 'periscope-layer-service-'));
  let run: PackageRun;

  // Parallel jest workers: this suite builds or runs serverless in the checkout, which others do too.
  let releaseCheckout: (() => void) | undefined;

  beforeAll(async () => {
    releaseCheckout = await lockCheckout();
    // Prepare: the zip where layers/serverless.yml expects it, as `npm run package:layer` builds it
    await buildLayer({ root: ROOT });

    // Act
    run = await serverlessPackage(join(ROOT, 'layers'), out);
    if (run.code !== 0) throw new Error(`serverless package of the layer service failed (${run.code}):\n${run.output}`);
  }, CHECKOUT_LOCK_WAIT_MS + 180_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    releaseCheckout?.();
  });

  it('publishes the layer for both runtimes and architectures, and nothing to alarm', () => {
    // Assess
    const resources = Object.entries(run.template!.Resources);
    expect(resources.filter(([, r]) => r.Type === 'AWS::Lambda::LayerVersion').map(([id, r]) => [id, r.Properties])).toEqual([
      [
        'PeriscopeLambdaLayer',
        expect.objectContaining({ LayerName: 'periscope-dev', CompatibleRuntimes: ['nodejs20.x', 'nodejs22.x'], CompatibleArchitectures: ['arm64', 'x86_64'], LicenseInfo: 'MIT' }),
      ],
    ]);
    expect(resources.filter(([, r]) => r.Type.startsWith('AWS::Lambda::Function') || r.Type.startsWith('AWS::CloudWatch::'))).toEqual([]);
  });

  it('exports the versioned ARN under the name the services import', () => {
    // Assess
    expect(run.template!.Outputs!['PeriscopeLambdaLayerQualifiedArn']).toMatchObject({
      Value: { Ref: 'PeriscopeLambdaLayer' },
      Export: { Name: 'sls-periscope-layer-dev-PeriscopeLambdaLayerQualifiedArn' },
    });
  });

  const version = cfnLintVersion();
  if (version === undefined) process.stderr.write('cfn-lint is not installed: skipping the CloudFormation schema check of the layer service template\n');
  (version ? it : it.skip)(`is valid CloudFormation with no finding at all, informational ones included, by ${version ?? 'cfn-lint'}`, () => {
    // Assess: osls's only findings here, its deployment bucket policy's joins (I1022), are rewritten as Fn::Sub by the plugin
    expect(cfnLint(join(out, 'cloudformation-template-update-stack.json')).map(findingLine)).toEqual([]);
  });
});
