import type { ErrorMapping } from 'periscope';
import { InvalidOrderError, InvalidPageTokenError, OrderAlreadyExistsError, OrderNotFoundError } from '../domain/errors';

/** The orders domain's errors and the client errors they become. */
export const ORDER_ERROR_MAPPINGS: readonly ErrorMapping[] = [
  { error: InvalidOrderError, statusCode: 400, code: 'ValidationFailed' },
  { error: InvalidPageTokenError, statusCode: 400, code: 'InvalidNextToken' },
  { error: OrderNotFoundError, statusCode: 404, code: 'OrderNotFound' },
  { error: OrderAlreadyExistsError, statusCode: 409, code: 'OrderAlreadyExists' },
];
