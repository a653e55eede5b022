/** An HTTP call as a trace records it: what {@link PeriscopeTracer.traceHttpCall} is told. */
export interface HttpCallDescription {
  /** The subsegment's name: the host called (`hooks.slack.com`), as X-Ray's service map groups calls. */
  readonly name: string;
  /** `GET`, `POST`, … */
  readonly method: string;
  /** The URL to record: the origin only (`https://hooks.slack.com`) when the path or query must stay out of the trace. */
  readonly url: string;
}

/** The X-Ray flags of an HTTP answer, as the X-Ray SDK and Powertools set them for a captured call. */
export interface HttpCallFlags {
  /** 4xx. */
  readonly error: boolean;
  /** 429. */
  readonly throttle: boolean;
  /** 5xx. */
  readonly fault: boolean;
}

/**
 * The flags of an answered call: a 429 is throttled and an error, any other 4xx an error, a 5xx a fault.
 * @example
 * ```ts
 * httpCallFlags(429); // { error: true, throttle: true, fault: false }
 * ```
 */
export function httpCallFlags(status: number): HttpCallFlags {
  return { error: status >= 400 && status < 500, throttle: status === 429, fault: status >= 500 && status < 600 };
}

/** How a tracing mode finishes the subsegment of one HTTP call. */
export interface HttpCallRecord {
  /** The call was answered with `status`: record it with its flags and end the subsegment. */
  answered(status: number): void;
  /** The call got no answer: record `error` as a remote exception, flag a fault and end the subsegment. */
  failed(error: unknown): void;
}

/**
 * Runs `send` inside the subsegment `open` starts (`undefined`: not traced), and finishes it with the
 * answer or the error. Tracing faults go to `onFault`; `send`'s own result or error is passed on untouched.
 */
export async function runTracedHttpCall<T extends { readonly status: number }>(open: () => HttpCallRecord | undefined, send: () => Promise<T>, onFault: (error: unknown) => void): Promise<T> {
  let record: HttpCallRecord | undefined;
  try {
    record = open();
  } catch (fault) {
    onFault(fault);
  }
  if (record === undefined) return send();
  const finish = (done: () => void): void => {
    try {
      done();
    } catch (fault) {
      onFault(fault);
    }
  };
  try {
    const response = await send();
    finish(() => record.answered(response.status));
    return response;
  } catch (error) {
    finish(() => record.failed(error));
    throw error;
  }
}
