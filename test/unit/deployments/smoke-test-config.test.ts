import { SmokeTestConfigurationError } from '../../../handlers/deployments/errors';
import { parseSmokeTargets, readSmokeTargets } from '../../../handlers/deployments/smoke-test-config';

const GET_ORDER_VERSION = 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-getOrder:7';
const VALID = JSON.stringify({ 'periscope-orders-prod-getOrder': { function: 'getOrder', version: GET_ORDER_VERSION, timeoutSeconds: 6 } });

describe('parseSmokeTargets', () => {
  it('reads each deployment group’s function, version and timeout', () => {
    // Act
    const targets = parseSmokeTargets(VALID);

    // Assess
    expect(Object.fromEntries(targets)).toEqual({ 'periscope-orders-prod-getOrder': { function: 'getOrder', version: GET_ORDER_VERSION, timeoutSeconds: 6 } });
  });

  it('names the variable and what it is for when it is not set', () => {
    // Act
    const parse = () => parseSmokeTargets(undefined);

    // Assess
    expect(parse).toThrow(SmokeTestConfigurationError);
    expect(parse).toThrow(/^PERISCOPE_SMOKE_TESTS is not set: it maps each CodeDeploy deployment group/);
  });

  it('names the variable when it is not JSON, with the parser’s error as the cause', () => {
    // Act
    const parse = () => parseSmokeTargets('{getOrder: 1}');

    // Assess
    expect(parse).toThrow(/^PERISCOPE_SMOKE_TESTS is not JSON: /);
    expect(parse).toThrow(expect.objectContaining({ cause: expect.any(SyntaxError) }));
  });

  it('refuses JSON that is not an object of groups', () => {
    // Assess
    expect(() => parseSmokeTargets('[]')).toThrow('PERISCOPE_SMOKE_TESTS must be a JSON object of deployment group → { function, version, timeoutSeconds }, got an array');
  });

  it('names every group at fault and the field', () => {
    // Prepare
    const raw = JSON.stringify({
      good: { function: 'getOrder', version: GET_ORDER_VERSION, timeoutSeconds: 6 },
      unqualified: { function: 'listOrders', version: 'arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-listOrders', timeoutSeconds: 6 },
      nameless: { version: GET_ORDER_VERSION, timeoutSeconds: 0 },
      plain: 'getOrder',
    });

    // Act
    const parse = () => parseSmokeTargets(raw);

    // Assess
    expect(parse).toThrow(
      'PERISCOPE_SMOKE_TESTS is not valid: ' +
        'group "unqualified": "version" must be the qualified ARN of the new version (arn:aws:lambda:<region>:<account>:function:<name>:<version>), got "arn:aws:lambda:us-east-1:123456789012:function:periscope-orders-prod-listOrders"; ' +
        'group "nameless": "function" must be the catalog\'s function key, got undefined; ' +
        'group "nameless": "timeoutSeconds" must be the function\'s timeout, above 0 and at most 900, got 0; ' +
        'group "plain" maps to "getOrder", not an object { function, version, timeoutSeconds }',
    );
  });
});

describe('readSmokeTargets', () => {
  it('answers the configuration error instead of throwing it, so the hook can still report', () => {
    // Act
    const targets = readSmokeTargets({});

    // Assess
    expect(targets).toBeInstanceOf(SmokeTestConfigurationError);
  });

  it('reads PERISCOPE_SMOKE_TESTS from the environment given', () => {
    // Act
    const targets = readSmokeTargets({ PERISCOPE_SMOKE_TESTS: VALID });

    // Assess
    expect(targets).toBeInstanceOf(Map);
  });
});
