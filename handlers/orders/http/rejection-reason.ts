import { HttpError } from 'periscope';
import { InvalidOrderError, OrderAlreadyExistsError } from '../domain/errors';

/**
 * Why an order request was refused: the `reason` dimension of `OrderRejected`. A closed set, so
 * the metric stays a handful of CloudWatch series whatever clients send.
 */
export type RejectionReason = 'invalid_order' | 'malformed_json' | 'missing_body' | 'payload_too_large' | 'unsupported_media_type' | 'conflict' | 'other_client_error';

const BY_HTTP_CODE: Readonly<Record<string, RejectionReason>> = {
  MalformedJson: 'malformed_json',
  MissingBody: 'missing_body',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
};

/**
 * The rejection reason of an error thrown while placing an order, or `undefined` when the error is
 * not a rejection but a failure of ours (those are counted by the 5xx and error alarms instead).
 */
export function rejectionReason(error: unknown): RejectionReason | undefined {
  if (error instanceof InvalidOrderError) return 'invalid_order';
  if (error instanceof OrderAlreadyExistsError) return 'conflict';
  if (error instanceof HttpError && error.statusCode < 500) return BY_HTTP_CODE[error.code] ?? 'other_client_error';
  return undefined;
}
