export { type AwsSdkClient, CAPTURE_MIDDLEWARE_NAME } from './aws-client-capture';
export { type DaemonAddress, DaemonAddressError, DEFAULT_DAEMON_ADDRESS, parseDaemonAddress } from './daemon-address';
export type { AnnotationValue, HandlerSpan, PeriscopeTracer } from './periscope-tracer';
export { type SegmentSink, UdpSegmentEmitter } from './segment-emitter';
export { MAX_NESTED_SUBSEGMENTS, Span } from './span';
export { parseTraceHeader, type TraceContext } from './trace-header';
export { resolveTracingMode, type TracingMode, TracingOptionsError } from './tracing-mode';
export { XRayTracer, type XRayTracerOptions } from './xray-tracer';
