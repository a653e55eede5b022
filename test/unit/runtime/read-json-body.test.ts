import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../../src/runtime/http-errors';
import { readJsonBody } from '../../../src/runtime/http-request';

const event = (body: string | null, contentType?: string, isBase64Encoded = false) => ({
  headers: contentType === undefined ? {} : { 'Content-Type': contentType },
  body,
  isBase64Encoded,
});

describe('readJsonBody', () => {
  it('reads JSON whatever the header casing and charset', () => {
    expect(readJsonBody(event('{"a":1}', 'application/json; charset=utf-8'))).toEqual({ a: 1 });
    expect(readJsonBody({ headers: { 'CONTENT-TYPE': 'application/vnd.api+json' }, body: '[1]', isBase64Encoded: false })).toEqual([1]);
  });

  it('reads a base64-encoded body as API Gateway delivers binary', () => {
    expect(readJsonBody(event(Buffer.from('{"a":2}').toString('base64'), 'application/json', true))).toEqual({ a: 2 });
  });

  it('answers 415 for a body that is not JSON', () => {
    expect(() => readJsonBody(event('a=1', 'application/x-www-form-urlencoded'))).toThrow(UnsupportedMediaTypeError);
    expect(() => readJsonBody(event('{}'))).toThrow('Content-Type must be application/json; received none.');
  });

  it('answers 400 MalformedJson saying where parsing stopped', () => {
    let error: unknown;
    try {
      readJsonBody(event('{"customerId": ', 'application/json'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'MalformedJson', message: expect.stringMatching(/^Request body is not valid JSON: .+/) });
  });

  it('answers 400 MissingBody for an empty body', () => {
    expect(() => readJsonBody(event(null, 'application/json'))).toThrow(expect.objectContaining({ code: 'MissingBody' }));
  });

  it('answers 413 for a body over 64 KiB, counting bytes not characters', () => {
    const justFits = `"${'a'.repeat(64 * 1024 - 2)}"`;
    const multiByte = `"${'é'.repeat(33 * 1024)}"`; // 33 Ki characters, 66 KiB
    expect(readJsonBody(event(justFits, 'application/json'))).toHaveLength(64 * 1024 - 2);
    expect(() => readJsonBody(event(multiByte, 'application/json'))).toThrow(PayloadTooLargeError);
  });
});
