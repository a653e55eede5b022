/**
 * What the DynamoDB fault proxy can do to a request, when, and the checks that make a typo fail loudly.
 * Pure: no I/O; the proxy passes in the randomness.
 */

/** The kinds of fault, as `kind` values. */
export const DynamoDbFaultKind = {
  /** HTTP 400 with DynamoDB's throttling error body. */
  throttle: 'throttle',
  /** HTTP 500 `InternalServerError`. */
  serverError: 'server-error',
  /** Forwards after a pause. */
  delay: 'delay',
  /** Never answers. */
  hang: 'hang',
  /** Drops the connection with a TCP reset. */
  reset: 'reset',
} as const;
export type DynamoDbFaultKind = (typeof DynamoDbFaultKind)[keyof typeof DynamoDbFaultKind];

/** The two throttling errors DynamoDB's data plane answers with. */
export const DynamoDbThrottleException = {
  /** A provisioned table or index is over its read or write capacity. */
  provisionedThroughputExceeded: 'ProvisionedThroughputExceededException',
  /** An on-demand table or index is over what it can absorb right now (or a control-plane rate limit). */
  throttling: 'ThrottlingException',
} as const;
export type DynamoDbThrottleException = (typeof DynamoDbThrottleException)[keyof typeof DynamoDbThrottleException];

/** Which requests a fault applies to. */
export interface DynamoDbFaultScope {
  /**
   * DynamoDB operations to fault, as named in `X-Amz-Target` (`DynamoDB_20120810.PutItem` → `PutItem`).
   * @default every operation
   */
  readonly operations?: readonly string[];
  /**
   * Global secondary indexes to fault, by `IndexName`: only requests that touch one of them — a Query
   * or Scan through it, or a write that updates it (see the proxy's `tables` option) — as when an
   * index runs out of capacity, which throttles the table writes it cannot absorb too.
   * @default the table and every index
   */
  readonly indexes?: readonly string[];
  /** Chance, 0–1, that a matching request is faulted; the rest are forwarded. @default 1 */
  readonly probability?: number;
}

/** Answers HTTP 400 with the throttling error DynamoDB sends, so the SDK throws its own exception class. */
export interface ThrottleFault extends DynamoDbFaultScope {
  readonly kind: 'throttle';
  /** @default 'ProvisionedThroughputExceededException' */
  readonly exception?: DynamoDbThrottleException;
}

/** Answers HTTP 500 `InternalServerError`, as DynamoDB does for a failure on its side. */
export interface ServerErrorFault extends DynamoDbFaultScope {
  readonly kind: 'server-error';
}

/** Forwards the request after `ms` milliseconds; a client that gives up first is not forwarded at all. */
export interface DelayFault extends DynamoDbFaultScope {
  readonly kind: 'delay';
  readonly ms: number;
}

/** Reads the request and never answers: only the client's timeout, or the proxy closing, ends it. */
export interface HangFault extends DynamoDbFaultScope {
  readonly kind: 'hang';
}

/** Reads the request, then resets the TCP connection: the client sees `ECONNRESET`. */
export interface ResetFault extends DynamoDbFaultScope {
  readonly kind: 'reset';
}

/** One fault to inject in front of DynamoDB. */
export type DynamoDbFault = ThrottleFault | ServerErrorFault | DelayFault | HangFault | ResetFault;

/** The operation name used in stats for a request without an `X-Amz-Target` header. */
export const UNKNOWN_OPERATION = 'Unknown';

/** Thrown for a bad proxy option or fault, or a proxy that cannot listen; the message names what is wrong. */
export class DynamoDbFaultProxyError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDbFaultProxyError';
  }
}

const scopeKeys = ['kind', 'operations', 'indexes', 'probability'] as const;
const allowedKeys: Readonly<Record<DynamoDbFaultKind, readonly string[]>> = {
  throttle: [...scopeKeys, 'exception'],
  'server-error': scopeKeys,
  delay: [...scopeKeys, 'ms'],
  hang: scopeKeys,
  reset: scopeKeys,
};
const kinds = Object.values(DynamoDbFaultKind) as readonly string[];
const throttleExceptions = Object.values(DynamoDbThrottleException) as readonly string[];
// DynamoDB operation names are PascalCase; `putItem` or `PutItem ` would silently match nothing.
const OPERATION_NAME = /^[A-Z][A-Za-z0-9]*$/;
// DynamoDB's own rule for table and index names.
const INDEX_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

/**
 * Checks a fault as the proxy receives it (possibly from plain JavaScript or JSON).
 * @throws {DynamoDbFaultProxyError} naming the unknown kind or field, or the value out of range.
 */
export function checkFault(fault: DynamoDbFault): DynamoDbFault {
  const given = fault as unknown as Record<string, unknown>;
  if (typeof given !== 'object' || given === null) {
    throw new DynamoDbFaultProxyError(`a DynamoDB fault must be an object such as { kind: 'throttle' }, got ${JSON.stringify(fault)}`);
  }
  if (typeof given.kind !== 'string' || !kinds.includes(given.kind)) {
    throw new DynamoDbFaultProxyError(`unknown DynamoDB fault kind ${JSON.stringify(given.kind)}; expected one of ${kinds.join(', ')}`);
  }
  const allowed = allowedKeys[given.kind as DynamoDbFaultKind];
  const unknown = Object.keys(given).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault '${given.kind}' has unknown field(s) ${unknown.join(', ')}; allowed: ${allowed.join(', ')}`);
  }
  if (given.probability !== undefined && !(typeof given.probability === 'number' && given.probability >= 0 && given.probability <= 1)) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault probability must be a number from 0 to 1, got ${JSON.stringify(given.probability)}`);
  }
  if (given.operations !== undefined) checkOperations(given.operations);
  if (given.indexes !== undefined) checkIndexes(given.indexes);
  if (given.kind === 'delay' && !(typeof given.ms === 'number' && Number.isFinite(given.ms) && given.ms >= 0)) {
    throw new DynamoDbFaultProxyError(`DynamoDB 'delay' fault needs ms, a finite number of milliseconds ≥ 0, got ${JSON.stringify(given.ms)}`);
  }
  if (given.kind === 'throttle' && given.exception !== undefined && !throttleExceptions.includes(given.exception as string)) {
    throw new DynamoDbFaultProxyError(`DynamoDB 'throttle' fault exception must be one of ${throttleExceptions.join(', ')}, got ${JSON.stringify(given.exception)}`);
  }
  return fault;
}

function checkOperations(operations: unknown): void {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault operations must be a non-empty array such as ['PutItem'], got ${JSON.stringify(operations)}`);
  }
  const bad = operations.filter((operation) => typeof operation !== 'string' || !OPERATION_NAME.test(operation));
  if (bad.length > 0) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault operations must be operation names such as PutItem or GetItem, got ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  }
}

function checkIndexes(indexes: unknown): void {
  if (!Array.isArray(indexes) || indexes.length === 0) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault indexes must be a non-empty array of index names such as ['byCustomer'], got ${JSON.stringify(indexes)}`);
  }
  const bad = indexes.filter((index) => typeof index !== 'string' || !INDEX_NAME.test(index));
  if (bad.length > 0) {
    throw new DynamoDbFaultProxyError(`DynamoDB fault indexes must be index names (3–255 letters, digits, _ . -), got ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  }
}

/** The operation a request names in its `X-Amz-Target` header (`DynamoDB_20120810.PutItem` → `PutItem`). */
export function operationOf(target: string | string[] | undefined): string {
  const value = Array.isArray(target) ? target[0] : target;
  if (value === undefined || value.trim() === '') return UNKNOWN_OPERATION;
  const operation = value.slice(value.lastIndexOf('.') + 1).trim();
  return operation === '' ? UNKNOWN_OPERATION : operation;
}

/** What a request touches, as far as a fault's scope asks. */
export interface RequestScope {
  readonly operation: string;
  /** The global secondary indexes it reads through or writes to. @default [] */
  readonly indexes?: readonly string[];
}

/**
 * Whether `fault` applies to `request`. `random` is called once per request the operations and
 * indexes filters let through, and only when the fault sets a `probability`.
 */
export function faultApplies(fault: DynamoDbFault, request: RequestScope, random: () => number): boolean {
  if (fault.operations !== undefined && !fault.operations.includes(request.operation)) return false;
  if (fault.indexes !== undefined && !fault.indexes.some((index) => request.indexes?.includes(index))) return false;
  return fault.probability === undefined || random() < fault.probability;
}
