import { createSocket, type Socket } from 'node:dgram';
import type { DaemonAddress } from './daemon-address';

/** The line every datagram to the X-Ray daemon starts with. */
const DAEMON_HEADER = '{"format":"json","version":1}\n';

/** Where finished (sub)segment documents go. */
export interface SegmentSink {
  /** Sends one document; never throws (failures go to the sink's error handler). */
  send(document: object): void;
}

/**
 * Sends segment documents to the X-Ray daemon over UDP, one datagram each, as the X-Ray SDK does.
 * The socket is opened on the first send and `unref`'d, so it never keeps a process alive; a send
 * that fails is handed to `onError` and dropped (tracing must not fail an invocation).
 */
export class UdpSegmentEmitter implements SegmentSink {
  readonly #address: DaemonAddress;
  readonly #onError: (error: unknown) => void;
  #socket: Socket | undefined;

  public constructor(address: DaemonAddress, onError: (error: unknown) => void) {
    this.#address = address;
    this.#onError = onError;
  }

  public send(document: object): void {
    try {
      const socket = this.#socket ?? this.#open();
      socket.send(DAEMON_HEADER + JSON.stringify(document), this.#address.port, this.#address.host, (error) => {
        if (error) this.#onError(error);
      });
    } catch (error) {
      this.#onError(error);
    }
  }

  #open(): Socket {
    const socket = createSocket('udp4');
    socket.on('error', this.#onError);
    socket.unref();
    this.#socket = socket;
    return socket;
  }
}
