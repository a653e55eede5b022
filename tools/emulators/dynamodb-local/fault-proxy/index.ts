/**
 * Fault injection for fire drills: faults a real client receives over the wire, in front of the local
 * stand-ins of AWS services.
 * @example
 * ```ts
 * import { startDynamoDbFaultProxy } from './tools/emulators/dynamodb-local/fault-proxy';
 * const proxy = await startDynamoDbFaultProxy({ target: dynamo.endpoint, fault: { kind: 'server-error', probability: 0.1 } });
 * ```
 */

export { type DynamoDbErrorResponse, type DynamoDbWireError, dynamoDbErrorResponse, newDynamoDbRequestId } from './dynamodb-error-response';
export {
  checkFault,
  type DelayFault,
  type DynamoDbFault,
  DynamoDbFaultKind,
  DynamoDbFaultProxyError,
  type DynamoDbFaultScope,
  DynamoDbThrottleException,
  type HangFault,
  type RequestScope,
  type ResetFault,
  type ServerErrorFault,
  type ThrottleFault,
  UNKNOWN_OPERATION,
} from './dynamodb-fault';
export {
  type DynamoDbFaultProxy,
  type DynamoDbFaultProxyOptions,
  type DynamoDbFaultProxyStats,
  type DynamoDbOperationStats,
  startDynamoDbFaultProxy,
} from './dynamodb-fault-proxy';
export { type DynamoDbAccess, type DynamoDbRequestRecord, type DynamoDbRequestTarget, indexesTouched, requestTargetOf, type TableIndexes } from './dynamodb-request';
