import { HookEventError, HookReportError, SmokeTestConfigurationError } from '../../../handlers/deployments/errors';
import {
  type DeploymentLookup,
  type HookStatusName,
  type HookStatusReporter,
  handleHookEvent,
  type PreTrafficHookDependencies,
  REPORT_RESERVE_MS,
  runSmokeTest,
  type SmokeTarget,
  type VersionInvocation,
  type VersionInvoker,
} from '../../../handlers/deployments/smoke-test';

const GET_ORDER_VERSION = 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-getOrder:7';
const LIST_ORDERS_VERSION = 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-listOrders:3';
const GET_ORDER_EVENT = { httpMethod: 'GET', resource: '/orders/{orderId}', pathParameters: { orderId: 'no-such-order' } };
const HOOK_EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'exec-1' };

const getOrder: SmokeTarget = { function: 'getOrder', version: GET_ORDER_VERSION, timeoutSeconds: 6 };
const TARGETS = new Map<string, SmokeTarget>([
  ['periscope-orders-prod-getOrder', getOrder],
  ['periscope-orders-prod-listOrders', { function: 'listOrders', version: LIST_ORDERS_VERSION, timeoutSeconds: 6 }],
]);

/** CodeDeploy in memory: which group each deployment is in, and every status reported to it. */
class InMemoryCodeDeploy implements DeploymentLookup, HookStatusReporter {
  public readonly reports: { deploymentId: string; executionId: string; status: HookStatusName }[] = [];
  public reportFailure: Error | undefined;

  public constructor(private readonly groups: Readonly<Record<string, string>>) {}

  public async deploymentGroupOf(deploymentId: string): Promise<string> {
    const group = this.groups[deploymentId];
    if (group === undefined) throw new Error(`DeploymentDoesNotExistException: ${deploymentId}`);
    return group;
  }

  public async report(deploymentId: string, executionId: string, status: HookStatusName): Promise<void> {
    if (this.reportFailure) throw this.reportFailure;
    this.reports.push({ deploymentId, executionId, status });
  }
}

/** A Lambda in memory that answers every invoke with `answer` (a function of the call), and remembers the calls. */
function fakeInvoker(answer: (versionArn: string, payload: unknown) => Promise<VersionInvocation>): VersionInvoker & { calls: { versionArn: string; payload: unknown; timeoutMs: number }[] } {
  const calls: { versionArn: string; payload: unknown; timeoutMs: number }[] = [];
  return {
    calls,
    invoke: (versionArn, payload, timeoutMs) => {
      calls.push({ versionArn, payload, timeoutMs });
      return answer(versionArn, payload);
    },
  };
}

const answering = (payload: unknown, functionError?: string) => fakeInvoker(async () => ({ payload, ...(functionError ? { functionError } : {}) }));
const neverAnswering = () => fakeInvoker(() => new Promise<VersionInvocation>(() => undefined));

describe('runSmokeTest', () => {
  it('passes a version that answers 200, invoking it with the sample event', async () => {
    // Prepare
    const invoker = answering({ statusCode: 200, body: '{"orders":[]}' });

    // Act
    const verdict = await runSmokeTest(getOrder, GET_ORDER_EVENT, invoker);

    // Assess
    expect(verdict).toEqual({ status: 'Succeeded', reason: 'getOrder version 7 answered 200', function: 'getOrder', version: GET_ORDER_VERSION, statusCode: 200, durationMs: expect.any(Number) });
    expect(invoker.calls).toEqual([{ versionArn: GET_ORDER_VERSION, payload: GET_ORDER_EVENT, timeoutMs: 11_000 }]);
  });

  it('passes a version that answers 404: it answers, the order just does not exist', async () => {
    // Act
    const verdict = await runSmokeTest(getOrder, GET_ORDER_EVENT, answering({ statusCode: 404, body: '{"message":"Order not found"}' }));

    // Assess
    expect(verdict).toMatchObject({ status: 'Succeeded', statusCode: 404 });
  });

  it('fails a version that answers 502, quoting its body', async () => {
    // Act
    const verdict = await runSmokeTest(getOrder, GET_ORDER_EVENT, answering({ statusCode: 502, body: '{"message":"Bad gateway"}' }));

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', statusCode: 502, reason: 'getOrder version 7 answered 502: {"message":"Bad gateway"}' });
  });

  it('fails a version whose invoke comes back with a FunctionError, naming the error', async () => {
    // Act
    const verdict = await runSmokeTest(getOrder, GET_ORDER_EVENT, answering({ errorType: 'TypeError', errorMessage: "Cannot read properties of undefined (reading 'id')" }, 'Unhandled'));

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: "getOrder version 7 failed (Unhandled): TypeError: Cannot read properties of undefined (reading 'id')" });
    expect(verdict.statusCode).toBeUndefined();
  });

  it('fails a version that does not answer within its timeout and the grace, without waiting for it', async () => {
    // Prepare
    const invoker = neverAnswering();
    const quick = { ...getOrder, timeoutSeconds: 0 };

    // Act
    const verdict = await runSmokeTest(quick, GET_ORDER_EVENT, invoker, { graceMs: 20 });

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: 'getOrder version 7 did not answer within 20 ms (its 0 s timeout and 20 ms more)' });
    expect(verdict.durationMs).toBeLessThan(1000);
    expect(invoker.calls[0]?.timeoutMs).toBe(20);
  });

  it('fails a version that cannot be invoked, with the error', async () => {
    // Prepare
    const invoker = fakeInvoker(async () => {
      throw Object.assign(new Error(`Function not found: ${GET_ORDER_VERSION}`), { name: 'ResourceNotFoundException' });
    });

    // Act
    const verdict = await runSmokeTest(getOrder, GET_ORDER_EVENT, invoker);

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: `getOrder version 7 could not be invoked: ResourceNotFoundException: Function not found: ${GET_ORDER_VERSION}` });
  });
});

describe('handleHookEvent', () => {
  let codeDeploy: InMemoryCodeDeploy;
  beforeEach(() => {
    codeDeploy = new InMemoryCodeDeploy({ 'd-ABCDEF123': 'periscope-orders-prod-getOrder', 'd-UNKNOWN': 'periscope-orders-prod-createOrder' });
  });

  const dependencies = (invoker: VersionInvoker, change: Partial<PreTrafficHookDependencies> = {}): PreTrafficHookDependencies => ({
    targets: TARGETS,
    events: { getOrder: GET_ORDER_EVENT, listOrders: {} },
    deployments: codeDeploy,
    reporter: codeDeploy,
    invoker,
    ...change,
  });

  it('tests the version of the deployment’s group and reports Succeeded once', async () => {
    // Prepare
    const invoker = answering({ statusCode: 404 });

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(invoker));

    // Assess
    expect(verdict).toMatchObject({ status: 'Succeeded', deploymentGroup: 'periscope-orders-prod-getOrder', function: 'getOrder', statusCode: 404 });
    expect(invoker.calls.map((call) => call.versionArn)).toEqual([GET_ORDER_VERSION]);
    expect(codeDeploy.reports).toEqual([{ deploymentId: 'd-ABCDEF123', executionId: 'exec-1', status: 'Succeeded' }]);
  });

  it('reports Failed once when the new version answers 5xx', async () => {
    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(answering({ statusCode: 500, body: 'boom' })));

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', statusCode: 500 });
    expect(codeDeploy.reports).toEqual([{ deploymentId: 'd-ABCDEF123', executionId: 'exec-1', status: 'Failed' }]);
  });

  it('reports Failed once when the new version times out', async () => {
    // Prepare
    const targets = new Map([['periscope-orders-prod-getOrder', { ...getOrder, timeoutSeconds: 0 }]]);

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(neverAnswering(), { targets }), { graceMs: 20 });

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: expect.stringContaining('did not answer within 20 ms') });
    expect(codeDeploy.reports).toEqual([expect.objectContaining({ status: 'Failed' })]);
  });

  it('stops the invoke in time to report when the hook has less time left than the function’s timeout', async () => {
    // Prepare: a 6 s function, and a hook with 40 ms to spare beyond what reporting keeps back
    const invoker = neverAnswering();

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(invoker), { remainingMs: REPORT_RESERVE_MS + 40 });

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: expect.stringMatching(/^getOrder version 7 did not answer within \d+ ms \(all the time the hook had left\)$/) });
    expect(invoker.calls[0]?.timeoutMs).toBeLessThanOrEqual(40);
    expect(codeDeploy.reports).toHaveLength(1);
  });

  it('reports Failed for a deployment group it has no smoke test for, naming it and the known groups', async () => {
    // Prepare
    const invoker = answering({ statusCode: 200 });

    // Act
    const verdict = await handleHookEvent({ ...HOOK_EVENT, DeploymentId: 'd-UNKNOWN' }, dependencies(invoker));

    // Assess
    expect(verdict).toEqual({
      status: 'Failed',
      deploymentGroup: 'periscope-orders-prod-createOrder',
      reason: 'Deployment group "periscope-orders-prod-createOrder" has no smoke test in PERISCOPE_SMOKE_TESTS (known groups: "periscope-orders-prod-getOrder", "periscope-orders-prod-listOrders")',
    });
    expect(invoker.calls).toEqual([]);
    expect(codeDeploy.reports).toEqual([{ deploymentId: 'd-UNKNOWN', executionId: 'exec-1', status: 'Failed' }]);
  });

  it('reports Failed when the function has no sample event, naming the function and the events it has', async () => {
    // Prepare
    const invoker = answering({ statusCode: 200 });

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(invoker, { events: { listOrders: {} } }));

    // Assess
    expect(verdict).toMatchObject({
      status: 'Failed',
      function: 'getOrder',
      reason: `No sample event for function "getOrder" of deployment group "periscope-orders-prod-getOrder" (createPreTrafficHook's events has: listOrders)`,
    });
    expect(invoker.calls).toEqual([]);
    expect(codeDeploy.reports).toEqual([expect.objectContaining({ status: 'Failed' })]);
  });

  it('does not take an inherited property for a sample event', async () => {
    // Prepare
    const targets = new Map([['periscope-orders-prod-getOrder', { ...getOrder, function: 'constructor' }]]);

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(answering({ statusCode: 200 }), { targets }));

    // Assess
    expect(verdict).toMatchObject({ status: 'Failed', reason: expect.stringContaining('No sample event for function "constructor"') });
  });

  it('reports Failed with the configuration error when PERISCOPE_SMOKE_TESTS could not be read', async () => {
    // Prepare
    const targets = new SmokeTestConfigurationError('PERISCOPE_SMOKE_TESTS is not set');

    // Act
    const verdict = await handleHookEvent(HOOK_EVENT, dependencies(answering({ statusCode: 200 }), { targets }));

    // Assess
    expect(verdict).toEqual({ status: 'Failed', reason: 'PERISCOPE_SMOKE_TESTS is not set' });
    expect(codeDeploy.reports).toEqual([{ deploymentId: 'd-ABCDEF123', executionId: 'exec-1', status: 'Failed' }]);
  });

  it('reports Failed when the deployment cannot be looked up', async () => {
    // Act
    const verdict = await handleHookEvent({ ...HOOK_EVENT, DeploymentId: 'd-GONE' }, dependencies(answering({ statusCode: 200 })));

    // Assess
    expect(verdict).toEqual({ status: 'Failed', reason: 'Could not find the deployment group of deployment d-GONE: Error: DeploymentDoesNotExistException: d-GONE' });
    expect(codeDeploy.reports).toEqual([{ deploymentId: 'd-GONE', executionId: 'exec-1', status: 'Failed' }]);
  });

  it('throws, with the verdict and the cause, when CodeDeploy does not take the report', async () => {
    // Prepare
    const refusal = new Error('ThrottlingException: Rate exceeded');
    codeDeploy.reportFailure = refusal;

    // Act
    const handling = handleHookEvent(HOOK_EVENT, dependencies(answering({ statusCode: 200 })));

    // Assess
    await expect(handling).rejects.toThrow(HookReportError);
    await expect(handling).rejects.toMatchObject({
      message: 'Could not report Succeeded for deployment d-ABCDEF123 to CodeDeploy',
      deploymentId: 'd-ABCDEF123',
      verdict: expect.objectContaining({ status: 'Succeeded', statusCode: 200 }),
      cause: refusal,
    });
  });

  it('throws, reporting nothing, for an event without the ids to report to', async () => {
    // Act
    const handling = handleHookEvent({ Records: [] }, dependencies(answering({ statusCode: 200 })));

    // Assess
    await expect(handling).rejects.toThrow(HookEventError);
    await expect(handling).rejects.toThrow('The hook event has no DeploymentId and LifecycleEventHookExecutionId to report to (it has Records); is the function invoked by CodeDeploy?');
    expect(codeDeploy.reports).toEqual([]);
  });
});
