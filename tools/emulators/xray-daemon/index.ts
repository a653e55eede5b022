/**
 * A local stand-in for the AWS X-Ray daemon: receives the segment documents a tracer sends over UDP, reassembles each
 * trace and prints it as a tree, so traces can be read on a developer's machine without AWS.
 * @example
 * ```ts
 * import { renderTraceTree, startXRayCollector } from './tools/emulators/xray-daemon';
 * const collector = await startXRayCollector({ onTrace: (trace) => console.log(renderTraceTree(trace)) });
 * ```
 */

export {
  type CompletedTrace,
  startXRayCollector,
  type XRayCollector,
  XRayCollectorError,
  type XRayCollectorOptions,
} from './collector';
export { type RenderTraceOptions, renderTraceTree } from './render-trace';
export {
  type AnnotationValue,
  type AwsCallData,
  type CapturedException,
  type Cause,
  type HttpData,
  parseDaemonPacket,
  type ReceivedDocument,
  type SegmentDocument,
  XRayPacketError,
} from './segment-document';
export * from './service-map';
export { type AssembledTrace, assembleTraces, TraceAssembler, type TraceNode } from './trace-assembler';
