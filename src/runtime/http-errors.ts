/** One problem with a request field, as shown to the client. */
export interface FieldProblem {
  /** Path of the bad field in the request body or query, e.g. `items[0].quantity`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly message: string;
}

/**
 * An error whose message is safe to show a client, with the HTTP status and a stable code.
 * Anything thrown that is not an `HttpError` (or mapped to one) becomes a generic 500.
 */
export class HttpError extends Error {
  /** HTTP status code sent to the client. */
  public readonly statusCode: number;
  /** Stable machine-readable code, e.g. `ValidationFailed`. */
  public readonly code: string;
  /** Extra structured detail for the client (field problems, limits). */
  public readonly details?: unknown;

  public constructor(statusCode: number, code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(message, options);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options?.details;
  }
}

/** 400: the request is malformed or a field is invalid. */
export class BadRequestError extends HttpError {
  public constructor(code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(400, code, message, options);
    this.name = 'BadRequestError';
  }
}

/** 404: the resource or route does not exist. */
export class NotFoundError extends HttpError {
  public constructor(code: string, message: string, options?: ErrorOptions & { details?: unknown }) {
    super(404, code, message, options);
    this.name = 'NotFoundError';
  }
}

/** 413: the request body is larger than the API accepts. */
export class PayloadTooLargeError extends HttpError {
  public constructor(limitBytes: number, actualBytes: number) {
    super(413, 'PayloadTooLarge', `Request body is ${actualBytes} bytes; the limit is ${limitBytes} bytes.`, { details: { limitBytes, actualBytes } });
    this.name = 'PayloadTooLargeError';
  }
}

/** 415: the request body is not in a media type the API reads. */
export class UnsupportedMediaTypeError extends HttpError {
  public constructor(received: string | undefined, expected: string) {
    super(415, 'UnsupportedMediaType', `Content-Type must be ${expected}; received ${received ? `'${received}'` : 'none'}.`, { details: { expected } });
    this.name = 'UnsupportedMediaTypeError';
  }
}
