/**
 * A local stand-in for the AWS X-Ray daemon: receives what the X-Ray SDK sends over UDP, reassembles each
 * trace and prints it as a tree, so traces can be read on a developer's machine without AWS.
 * @example
 * ```ts
 * import { renderTraceTree, startXRayCollector } from './local/xray';
 * const collector = await startXRayCollector({ onTrace: (trace) => console.log(renderTraceTree(trace)) });
 * ```
 */
export {
  type AnnotationValue,
  type AwsCallData,
  type CapturedException,
  type Cause,
  type HttpData,
  type ReceivedDocument,
  type SegmentDocument,
  parseDaemonPacket,
  XRayPacketError,
} from './segment-document';
export { type AssembledTrace, type TraceNode, TraceAssembler, assembleTraces } from './trace-assembler';
export { type RenderTraceOptions, renderTraceTree } from './render-trace';
export {
  type CompletedTrace,
  type XRayCollector,
  type XRayCollectorOptions,
  XRayCollectorError,
  startXRayCollector,
} from './collector';
export * from './service-map';
