import type { Socket } from 'node:dgram';
import type { DaemonAddress } from './daemon-address';

/** The line every datagram to the X-Ray daemon starts with. */
const DAEMON_HEADER = '{"format":"json","version":1}\n';

/** Where finished (sub)segment documents go. */
export interface SegmentSink {
  /** Sends one document; never throws (failures go to the sink's error handler). */
  send(document: object): void;
}

/**
 * Sends segment documents to the X-Ray daemon over UDP, one datagram each, as the X-Ray SDK does,
 * right after the current work: a document is serialised when it is handed over, and the datagrams
 * leave on the next turn of the event loop (`setImmediate`), so a response never waits on tracing,
 * not even on the first invocation, which opens the socket. The socket is `unref`'d, so it never
 * keeps a process alive; a send that fails is handed to `onError` and dropped (tracing must not fail
 * an invocation).
 */
export class UdpSegmentEmitter implements SegmentSink {
  readonly #address: DaemonAddress;
  readonly #onError: (error: unknown) => void;
  #socket: Socket | undefined;
  #queue: string[] = [];

  public constructor(address: DaemonAddress, onError: (error: unknown) => void) {
    this.#address = address;
    this.#onError = onError;
  }

  public send(document: object): void {
    try {
      this.#queue.push(DAEMON_HEADER + JSON.stringify(document));
      if (this.#queue.length === 1) setImmediate(() => this.#flush());
    } catch (error) {
      this.#onError(error);
    }
  }

  #flush(): void {
    const datagrams = this.#queue;
    this.#queue = [];
    try {
      const socket = this.#socket ?? this.#open();
      for (const datagram of datagrams) {
        socket.send(datagram, this.#address.port, this.#address.host, (error) => {
          if (error) this.#onError(error);
        });
      }
    } catch (error) {
      this.#onError(error);
    }
  }

  #open(): Socket {
    // Loaded here, after the first response, not at cold start.
    const { createSocket } = require('node:dgram') as typeof import('node:dgram');
    const socket = createSocket('udp4');
    socket.on('error', this.#onError);
    socket.unref();
    this.#socket = socket;
    return socket;
  }
}
