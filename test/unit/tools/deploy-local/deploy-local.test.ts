import { spawnSync } from 'node:child_process';
import { type CreatedStack, describeCreated } from '../../../../tools/deploy-local/created';
import { MotoServerMissingError, startMotoServer } from '../../../../tools/deploy-local/moto-server';
import { deploymentSkipped, failureLines, type ServerlessRun } from '../../../../tools/deploy-local/run-serverless';

const run = (output: string, code = 1): ServerlessRun => ({ code, output, seconds: 3, logFile: '/tmp/orders-deploy.log' });

describe('npm run deploy:local', () => {
  const stack: CreatedStack = {
    stack: 'periscope-orders-dev',
    created: [
      { logicalId: 'CreateOrderLambdaFunction', type: 'AWS::Lambda::Function', physicalId: 'periscope-orders-dev-createOrder' },
      { logicalId: 'OrdersTable', type: 'AWS::DynamoDB::Table', physicalId: 'periscope-orders-dev-orders' },
      { logicalId: 'CriticalTopic', type: 'AWS::SNS::Topic', physicalId: 'arn:aws:sns:us-east-1:123456789012:orders-dev-critical' },
      { logicalId: 'ApiGatewayResourceOrders', type: 'AWS::ApiGateway::Resource', physicalId: 'abc123' },
    ],
    unlisted: [
      { logicalId: 'ErrorsAlarm', type: 'AWS::CloudWatch::Alarm' },
      { logicalId: 'LatencyAlarm', type: 'AWS::CloudWatch::Alarm' },
      { logicalId: 'PeriscopeLambdaLayer', type: 'AWS::Lambda::LayerVersion' },
    ],
  };

  it('says what a stack holds by kind and name, and which resources moto’s CloudFormation skipped', () => {
    expect(describeCreated(stack, new Set(['AWS::CloudWatch::Alarm']))).toEqual([
      'periscope-orders-dev: 5 resources created, 2 skipped by the emulator',
      '  1 functions: periscope-orders-dev-createOrder',
      '  1 tables: periscope-orders-dev-orders',
      '  1 topics: orders-dev-critical',
      '  and 1 AWS::ApiGateway::Resource',
      '  created, but listed without a name: 1 AWS::Lambda::LayerVersion',
      "  skipped (moto's CloudFormation does not model them; cfn-lint and the template tests cover them): 2 AWS::CloudWatch::Alarm",
    ]);
  });

  it('only counts what an emulator it did not start leaves out of the resource list, without guessing why', () => {
    expect(describeCreated(stack).slice(0, 1)).toEqual(['periscope-orders-dev: 4 resources created']);
    expect(describeCreated(stack).at(-1)).toBe('  not in its resource list: 2 AWS::CloudWatch::Alarm, 1 AWS::Lambda::LayerVersion');
  });

  it('shows osls’s error block of a failed deploy, and knows a skipped one', () => {
    const failed = run('Deploying periscope-orders to stage dev\n\n× Stack periscope-orders-dev failed to deploy (2s)\nError:\nNo export named sls-periscope-layer-dev-X found.\n');
    expect(failureLines(failed)).toEqual(['Error:', 'No export named sls-periscope-layer-dev-X found.']);
    expect(failureLines(run('one\ntwo\n'))).toEqual(['one', 'two']);
    expect(deploymentSkipped(run('No changes to deploy. Deployment skipped. (2s)', 0))).toBe(true);
    expect(deploymentSkipped(run('✔ Service deployed to stack periscope-orders-dev (13s)', 0))).toBe(false);
  });

  it('names the fix when Python is not there', async () => {
    const failure = startMotoServer({ python: '/nonexistent/python3' });
    await expect(failure).rejects.toBeInstanceOf(MotoServerMissingError);
    await expect(failure).rejects.toThrow("moto_server is not installed for /nonexistent/python3 (no such program): install it with `pip install 'moto[server]'`");
  });

  const systemPythonWithoutMoto = spawnSync('/usr/bin/python3', ['-c', 'import moto'], { stdio: 'ignore' }).status === 1;
  (systemPythonWithoutMoto ? it : it.skip)('names the fix when moto is not installed for the Python it runs', async () => {
    const failure = startMotoServer({ python: '/usr/bin/python3' });
    await expect(failure).rejects.toBeInstanceOf(MotoServerMissingError);
    await expect(failure).rejects.toThrow("moto_server is not installed for /usr/bin/python3 (No module named 'moto'): install it with `pip install 'moto[server]'`");
  });
});
