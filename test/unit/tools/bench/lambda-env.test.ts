import { sandboxEnv } from '../../../../tools/bench/support/lambda-env';

describe('the benchmark sandbox environment', () => {
  const options = { functionName: 'fn', handler: 'handler.createOrder', xrayDaemonAddress: '127.0.0.1:2000' };

  it('starts from nothing: the caller’s variables do not leak in', () => {
    // Prepare
    process.env['PERISCOPE_BENCH_LEAK'] = 'yes';

    // Act
    const env = sandboxEnv(options);
    delete process.env['PERISCOPE_BENCH_LEAK'];

    // Assess
    expect(env['PERISCOPE_BENCH_LEAK']).toBeUndefined();
  });

  it('turns tracing on as Lambda does and keeps every endpoint on loopback', () => {
    // Act
    const env = sandboxEnv(options);

    // Assess
    expect(env).toMatchObject({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', AWS_XRAY_DAEMON_ADDRESS: '127.0.0.1:2000' });
    expect(env['AWS_ENDPOINT_URL_DYNAMODB']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env['AWS_ENDPOINT_URL_SQS']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("gives the OrderPlaced queue's URL at the SQS endpoint, so the SDK keeps to that endpoint", () => {
    // Act
    const env = sandboxEnv({ ...options, sqsEndpoint: 'http://127.0.0.1:9324' });

    // Assess
    expect(env).toMatchObject({ AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324', ORDER_EVENTS_QUEUE_URL: 'http://127.0.0.1:9324/123456789012/periscope-bench-order-placed' });
  });

  it('puts a layer before the project node_modules on NODE_PATH', () => {
    // Act
    const env = sandboxEnv({ ...options, nodePath: ['/opt/nodejs/node_modules'] });

    // Assess
    expect(env['NODE_PATH']?.split(':')).toEqual(['/opt/nodejs/node_modules', expect.stringMatching(/\/node_modules$/)]);
  });
});
