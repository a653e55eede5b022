import { checkResponse } from '../../../../tools/fuzz/response-contract';

const json = { 'content-type': 'application/json; charset=utf-8' };
const answer = (statusCode: number, body: string, headers: Record<string, string> = json) => checkResponse({ ok: true, value: { statusCode, headers, body } });

describe('the fuzzer response contract', () => {
  it('accepts a 2xx with a JSON body, and a 4xx with a JSON error code and message', () => {
    expect(answer(201, '{"orderId":"o-1"}')).toEqual({ ok: true, statusCode: 201 });
    expect(answer(404, '{"error":{"code":"OrderNotFound","message":"no","details":[]}}', { 'Content-Type': 'application/problem+json' })).toEqual({ ok: true, statusCode: 404 });
  });

  it.each<[string, ReturnType<typeof checkResponse>]>([
    ['a 500', answer(500, '{"error":{"code":"InternalError","message":"x"}}')],
    ['a 503', answer(503, '{"error":{"code":"ServiceUnavailable","message":"x"}}')],
    ['a 302', answer(302, '{}')],
    ['a 4xx without an error object', answer(400, '{"message":"bad"}')],
    ['a 4xx whose code is not a string', answer(400, '{"error":{"code":400,"message":"bad"}}')],
    ['a body that is not JSON', answer(200, 'OK')],
    ['a text/plain content type', answer(400, '{"error":{"code":"x","message":"y"}}', { 'content-type': 'text/plain' })],
    ['no content type', answer(200, '{}', {})],
    ['a throw', checkResponse({ ok: false, error: new RangeError('Maximum call stack size exceeded') })],
    ['no response', checkResponse({ ok: true, value: undefined })],
  ])('refuses %s', (_case, verdict) => {
    expect(verdict.ok).toBe(false);
  });

  it('names what was thrown', () => {
    expect(checkResponse({ ok: false, error: new RangeError('Maximum call stack size exceeded') })).toEqual({ ok: false, problem: 'threw RangeError: Maximum call stack size exceeded' });
  });
});
