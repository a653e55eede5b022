import type { Context } from 'aws-lambda';
import { validateService } from 'periscope';
import { createPreTrafficHook } from 'periscope/pre-traffic-hook';
import { HookReportError } from '../../../handlers/deployments/errors';
import { preTrafficHookCatalog } from '../../../handlers/deployments/pre-traffic-hook-catalog';
import type { HookStatusName, VersionInvoker } from '../../../handlers/deployments/smoke-test';
import { type CapturedOutput, captureOutput } from '../../support/capture-stdout';
import { lambdaContext } from '../../support/lambda';

const GET_ORDER_VERSION = 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-getOrder:7';
const SMOKE_TESTS = JSON.stringify({ 'periscope-orders-prod-getOrder': { function: 'getOrder', version: GET_ORDER_VERSION, timeoutSeconds: 6 } });
const HOOK_EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'exec-1' };
const GET_ORDER_EVENT = { httpMethod: 'GET', pathParameters: { orderId: 'no-such-order' } };

/** A Lambda context with this much time left. */
const contextWith = (remainingMs: number): Context => ({ ...lambdaContext('periscope-orders-prod-deployHook'), getRemainingTimeInMillis: () => remainingMs });

/** CodeDeploy in memory: every deployment is in getOrder's group; what was reported. */
function simulatedCodeDeploy(refuseReports = false) {
  const reports: HookStatusName[] = [];
  return {
    reports,
    deployments: { deploymentGroupOf: async () => 'periscope-orders-prod-getOrder' },
    reporter: {
      report: async (_deploymentId: string, _executionId: string, status: HookStatusName) => {
        if (refuseReports) throw new Error('ThrottlingException');
        reports.push(status);
      },
    },
  };
}

const answering = (payload: unknown): VersionInvoker => ({ invoke: async () => ({ payload }) });

describe('the pre-traffic hook handler', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  const logLine = (message: RegExp) => output.json().find((line) => typeof line.message === 'string' && message.test(line.message));

  it('reports Succeeded for a version that answers 404, logging the verdict with its status code and duration, and counts it', async () => {
    // Prepare
    const codeDeploy = simulatedCodeDeploy();
    const handler = createPreTrafficHook({ events: { getOrder: GET_ORDER_EVENT }, ports: { ...codeDeploy, invoker: answering({ statusCode: 404 }) }, env: { PERISCOPE_SMOKE_TESTS: SMOKE_TESTS } });

    // Act
    const verdict = await handler(HOOK_EVENT, contextWith(60_000));

    // Assess
    expect(verdict).toMatchObject({ status: 'Succeeded', statusCode: 404 });
    expect(codeDeploy.reports).toEqual(['Succeeded']);
    expect(logLine(/^smoke test passed/)).toMatchObject({
      level: 'INFO',
      service: 'pre-traffic-hook',
      function_name: 'periscope-orders-prod-deployHook',
      deploymentId: 'd-ABCDEF123',
      deploymentGroup: 'periscope-orders-prod-getOrder',
      function: 'getOrder',
      statusCode: 404,
      durationMs: expect.any(Number),
    });
    expect(output.emf().filter((doc) => 'SmokeTestPassed' in doc)).toEqual([expect.objectContaining({ SmokeTestPassed: 1 })]);
  });

  it('reports Failed and logs why when PERISCOPE_SMOKE_TESTS is missing', async () => {
    // Prepare
    const codeDeploy = simulatedCodeDeploy();
    const handler = createPreTrafficHook({ events: { getOrder: GET_ORDER_EVENT }, ports: { ...codeDeploy, invoker: answering({ statusCode: 200 }) }, env: {} });

    // Act
    const verdict = await handler(HOOK_EVENT, contextWith(60_000));

    // Assess
    expect(verdict.status).toBe('Failed');
    expect(codeDeploy.reports).toEqual(['Failed']);
    expect(logLine(/^SMOKE TEST FAILED/)).toMatchObject({ level: 'ERROR', deploymentId: 'd-ABCDEF123', reason: expect.stringMatching(/^PERISCOPE_SMOKE_TESTS is not set/) });
    expect(output.emf().filter((doc) => 'SmokeTestFailed' in doc)).toEqual([expect.objectContaining({ SmokeTestFailed: 1 })]);
  });

  it('fails the invocation when CodeDeploy does not take the report, logging the verdict it meant to report', async () => {
    // Prepare
    const handler = createPreTrafficHook({
      events: { getOrder: GET_ORDER_EVENT },
      ports: { ...simulatedCodeDeploy(true), invoker: answering({ statusCode: 200 }) },
      env: { PERISCOPE_SMOKE_TESTS: SMOKE_TESTS },
    });

    // Act
    const invocation = handler(HOOK_EVENT, contextWith(60_000));

    // Assess
    await expect(invocation).rejects.toThrow(HookReportError);
    expect(logLine(/^smoke test passed/)).toMatchObject({ statusCode: 200 });
    expect(logLine(/^PRE-TRAFFIC HOOK FAILED: Could not report Succeeded for deployment d-ABCDEF123 to CodeDeploy$/)).toMatchObject({ level: 'ERROR' });
  });
});

describe('the pre-traffic hook’s catalog', () => {
  it('passes the catalog checks', () => {
    // Assess
    expect(validateService(preTrafficHookCatalog)).toEqual([]);
  });
});
