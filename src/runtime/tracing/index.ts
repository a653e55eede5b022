export { CAPTURE_MIDDLEWARE_NAME, type AwsSdkClient } from './aws-client-capture';
export { DaemonAddressError, type DaemonAddress, DEFAULT_DAEMON_ADDRESS, parseDaemonAddress } from './daemon-address';
export { type SegmentSink, UdpSegmentEmitter } from './segment-emitter';
export { type AnnotationValue, MAX_NESTED_SUBSEGMENTS, Span } from './span';
export { parseTraceHeader, type TraceContext } from './trace-header';
export { tracingEnabledIn, XRayTracer, type XRayTracerOptions } from './xray-tracer';
