import type { FieldProblem } from 'periscope';

/** Base of every error the orders domain raises on purpose. The HTTP boundary maps them by class. */
export class OrderError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrderError';
  }
}

/** An order request breaks a rule; `details` names each bad field. */
export class InvalidOrderError extends OrderError {
  /** Every bad field, with what is wrong with it. */
  public readonly details: readonly FieldProblem[];

  public constructor(problems: readonly FieldProblem[], options?: ErrorOptions) {
    super(`Invalid order: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, options);
    this.name = 'InvalidOrderError';
    this.details = problems;
  }
}

/** No order has this id. */
export class OrderNotFoundError extends OrderError {
  /** The id that was looked up. */
  public readonly orderId: string;

  public constructor(orderId: string, options?: ErrorOptions) {
    super(`Order '${orderId}' does not exist.`, options);
    this.name = 'OrderNotFoundError';
    this.orderId = orderId;
  }
}

/** An order with this id is already stored; the write was refused so nothing is overwritten. */
export class OrderAlreadyExistsError extends OrderError {
  /** The id that was taken. */
  public readonly orderId: string;

  public constructor(orderId: string, options?: ErrorOptions) {
    super(`Order '${orderId}' already exists.`, options);
    this.name = 'OrderAlreadyExistsError';
    this.orderId = orderId;
  }
}

/** A page token is not one this service issued for this query. */
export class InvalidPageTokenError extends OrderError {
  public constructor(reason: string, options?: ErrorOptions) {
    super(`nextToken is not valid for this query: ${reason}. Use the nextToken of the previous page unchanged.`, options);
    this.name = 'InvalidPageTokenError';
  }
}

/** An `OrderPlaced` message is not one this service can act on; it will never succeed, however often it is retried. */
export class InvalidOrderPlacedError extends OrderError {
  public constructor(reason: string, options?: ErrorOptions) {
    super(`Not an OrderPlaced event: ${reason}.`, options);
    this.name = 'InvalidOrderPlacedError';
  }
}
