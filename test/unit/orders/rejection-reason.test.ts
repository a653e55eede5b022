import { InvalidOrderError, OrderAlreadyExistsError, OrderNotFoundError } from '../../../handlers/orders/domain/errors';
import { rejectionReason } from '../../../handlers/orders/http/rejection-reason';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../../src/runtime/http-errors';

describe('rejectionReason', () => {
  it.each<[string, unknown, string | undefined]>([
    ['an invalid order', new InvalidOrderError([{ field: 'x', message: 'y' }]), 'invalid_order'],
    ['an id conflict', new OrderAlreadyExistsError('o-1'), 'conflict'],
    ['malformed JSON', new BadRequestError('MalformedJson', 'bad'), 'malformed_json'],
    ['a missing body', new BadRequestError('MissingBody', 'bad'), 'missing_body'],
    ['a body too large', new PayloadTooLargeError(10, 20), 'payload_too_large'],
    ['a wrong content type', new UnsupportedMediaTypeError('text/plain', 'application/json'), 'unsupported_media_type'],
    ['another client error', new OrderNotFoundError('o-1'), undefined],
    ['a DynamoDB failure (ours, not a rejection)', new Error('ProvisionedThroughputExceededException'), undefined],
  ])('classifies %s', (_case, error, reason) => {
    expect(rejectionReason(error)).toBe(reason);
  });
});
