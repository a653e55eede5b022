import { ConditionalCheckFailedException, InternalServerError, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { DynamoDbTimeoutSettingError } from '../../../src/environment';
import { classifyDependencyFailure, isThrottlingError } from '../../../src/runtime/aws-errors';
import { dynamoDbClientConfig } from '../../../src/runtime/dynamodb';
import { toErrorResponse } from '../../../src/runtime/error-response';

const metadata = (httpStatusCode?: number) => ({ $metadata: { httpStatusCode } });
const socketError = (code: string, message = `connect ${code} 127.0.0.1:8000`) => Object.assign(new Error(message), { code });

describe('classifyDependencyFailure', () => {
  it.each([
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata(400) }), 'throttled', 2],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', ...metadata(400) }), 'throttled', 2],
    ['an HTTP 429', Object.assign(new Error('Too Many Requests'), metadata(429)), 'throttled', 2],
    ['InternalServerError', new InternalServerError({ message: 'oops', ...metadata(500) }), 'server_error', 1],
    ['a 503 from the service', Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server', ...metadata(503) }), 'server_error', 1],
    ['the SDK’s request timeout', Object.assign(new Error('a request has exceeded the configured 2000 ms requestTimeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), 'timeout', 1],
    ['a refused connection', socketError('ECONNREFUSED'), 'unreachable', 1],
    ['a reset connection', socketError('ECONNRESET', 'read ECONNRESET'), 'unreachable', 1],
    ['an unknown host', socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND dynamodb.invalid'), 'unreachable', 1],
    ['the SDK’s wrapper of a socket error from another realm', new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:4567'), 'unreachable', 1],
    ['a socket error one cause down', new Error('PutItem failed', { cause: socketError('EPIPE', 'write EPIPE') }), 'unreachable', 1],
  ])('sees %s as %s, retry after %i s', (_case, error, kind, retryAfterSeconds) => {
    expect(classifyDependencyFailure(error)).toEqual({ kind, retryAfterSeconds });
  });

  it.each([
    ['a conditional check that failed (a 409 for the domain to map)', new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata(400) })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'total')")],
    ['a thrown string', 'boom'],
    ['nothing', undefined],
  ])('leaves %s alone', (_case, error) => {
    expect(classifyDependencyFailure(error)).toBeUndefined();
  });

  it('tells throttling apart by the SDK’s own flag too', () => {
    expect(isThrottlingError(Object.assign(new Error('x'), { name: 'SomethingNew', $retryable: { throttling: true } }))).toBe(true);
    expect(isThrottlingError(new InternalServerError({ message: 'oops', ...metadata(500) }))).toBe(false);
  });
});

describe('toErrorResponse for a dependency failure', () => {
  it('answers 503 with Retry-After and nothing of the dependency’s own message', () => {
    // Act
    const { response, expected } = toErrorResponse(new ProvisionedThroughputExceededException({ message: 'Table orders-prod exceeded its WCU', ...metadata(400) }), [], 'corr-1');

    // Assess
    expect(expected).toBe(false);
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
    expect(JSON.parse(response.body)).toEqual({
      error: { code: 'ServiceUnavailable', message: expect.stringContaining('Retry after 2 s'), details: { correlationId: 'corr-1', retryAfterSeconds: 2 } },
    });
    expect(response.body).not.toContain('orders-prod');
  });

  it('still lets a mapping claim the error first', () => {
    class Busy extends Error {}
    const busy = Object.assign(new Busy('busy'), metadata(429));
    expect(toErrorResponse(busy, [{ error: Busy, statusCode: 429, code: 'Busy' }], 'corr-2').response.statusCode).toBe(429);
  });
});

describe('dynamoDbClientConfig timeouts', () => {
  it('gives every client a connection and a request timeout that throws', () => {
    expect(dynamoDbClientConfig({})).toEqual({ requestHandler: { connectionTimeout: 1000, requestTimeout: 2000, throwOnRequestTimeout: true } });
    expect(dynamoDbClientConfig({ DYNAMODB_REQUEST_TIMEOUT_MS: '750' }).requestHandler).toMatchObject({ requestTimeout: 750 });
  });

  it.each(['0', '-5', '1.5', 'soon'])('names a bad DYNAMODB_REQUEST_TIMEOUT_MS %p', (value) => {
    expect(() => dynamoDbClientConfig({ DYNAMODB_REQUEST_TIMEOUT_MS: value })).toThrow(new DynamoDbTimeoutSettingError(value));
  });
});
