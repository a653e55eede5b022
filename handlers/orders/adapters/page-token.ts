import { InvalidPageTokenError } from '../domain/errors';

/** The DynamoDB key a page ends at on the customer index: table key plus index key. */
export interface OrderIndexKey {
  readonly orderId: string;
  readonly customerId: string;
  readonly createdAt: string;
}

const MAX_TOKEN_LENGTH = 1024;

/** Wraps the key a page ended at as an opaque, URL-safe token. */
export function encodePageToken(key: OrderIndexKey): string {
  return Buffer.from(JSON.stringify({ v: 1, o: key.orderId, c: key.customerId, t: key.createdAt }), 'utf8').toString('base64url');
}

const isString = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 256;

/**
 * Reads a token back into the key to resume from, refusing anything this service did not issue
 * for this customer: a forged key would otherwise reach DynamoDB and fail there as a 500, or
 * page through another customer's orders.
 *
 * @throws {@link InvalidPageTokenError} naming what is wrong
 */
export function decodePageToken(token: string, customerId: string): OrderIndexKey {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw new InvalidPageTokenError('it is not a token this API issued');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidPageTokenError('it is not a token this API issued', { cause: error });
  }
  const fields = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as Record<string, unknown>;
  if (fields.v !== 1 || !isString(fields.o) || !isString(fields.c) || !isString(fields.t)) {
    throw new InvalidPageTokenError('it is not a token this API issued');
  }
  if (fields.c !== customerId) throw new InvalidPageTokenError('it was issued for another customerId');
  return { orderId: fields.o, customerId: fields.c, createdAt: fields.t };
}
