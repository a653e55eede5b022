import {
  ConfigurationError,
  catalogCheckedAtLoad,
  DynamoDbTimeoutSettingError,
  dynamoDbRequestTimeoutMs,
  handlerSetting,
  initializedOnDemand,
  inLambdaSandbox,
  requireEnv,
  serviceNameFrom,
  tracingEnabled,
} from '../../../src/environment';

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_FUNCTION_NAME: 'orders-dev-createOrder' };

describe('reading the environment Lambda gives a function', () => {
  it.each([
    ['Lambda', LAMBDA, true],
    ['a test, a build or serverless invoke local', {}, false],
    ['SAM local', { ...LAMBDA, AWS_SAM_LOCAL: 'true' }, false],
    ["the Amplify CLI's mock", { AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }, false],
  ])('tells a Lambda sandbox by one rule: %s → %s', (_where, env, expected) => {
    expect(inLambdaSandbox(env)).toBe(expected);
  });

  it('traces in a sandbox unless POWERTOOLS_TRACE_ENABLED is false, and never outside one', () => {
    expect([tracingEnabled(LAMBDA), tracingEnabled({ ...LAMBDA, POWERTOOLS_TRACE_ENABLED: 'FALSE ' }), tracingEnabled({ POWERTOOLS_TRACE_ENABLED: 'true' })]).toEqual([true, false, false]);
  });

  it('checks catalogs at load everywhere but a sandbox, and there too when PERISCOPE_VALIDATE_CATALOG=true', () => {
    expect([catalogCheckedAtLoad({}), catalogCheckedAtLoad(LAMBDA), catalogCheckedAtLoad({ ...LAMBDA, PERISCOPE_VALIDATE_CATALOG: 'true' })]).toEqual([true, false, true]);
  });

  it('counts a cold start only for an environment Lambda initialised on demand', () => {
    expect([initializedOnDemand({ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' }), initializedOnDemand({ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' }), initializedOnDemand({})]).toEqual(
      [true, false, false],
    );
  });

  it('names the service and the handler from what Lambda and Powertools set, with fallbacks', () => {
    expect([serviceNameFrom('orders', {}), serviceNameFrom('orders', { POWERTOOLS_SERVICE_NAME: 'checkout' }), serviceNameFrom('orders', { POWERTOOLS_SERVICE_NAME: '' })]).toEqual([
      'orders',
      'checkout',
      'orders',
    ]);
    expect([handlerSetting({ _HANDLER: 'handlers/orders/handler.createOrder' }), handlerSetting({})]).toEqual(['handlers/orders/handler.createOrder', 'handler']);
  });

  it('reads the DynamoDB request timeout, refusing one that is not a positive whole number by its value', () => {
    expect([dynamoDbRequestTimeoutMs({}), dynamoDbRequestTimeoutMs({ DYNAMODB_REQUEST_TIMEOUT_MS: '750' })]).toEqual([2000, 750]);
    expect(() => dynamoDbRequestTimeoutMs({ DYNAMODB_REQUEST_TIMEOUT_MS: '1.5' })).toThrow(new DynamoDbTimeoutSettingError('1.5'));
  });

  it('names the variable a function cannot run without, and what it is for', () => {
    expect(requireEnv('ORDERS_TABLE_NAME', 'the orders table', { ORDERS_TABLE_NAME: 'orders-dev' })).toBe('orders-dev');
    expect(() => requireEnv('ORDERS_TABLE_NAME', 'the orders table', { ORDERS_TABLE_NAME: '' })).toThrow(new ConfigurationError('ORDERS_TABLE_NAME', 'the orders table'));
    expect(() => requireEnv('ORDERS_TABLE_NAME', 'the orders table', {})).toThrow('Environment variable ORDERS_TABLE_NAME is not set; it names the orders table.');
  });
});
