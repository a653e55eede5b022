import { createSocket } from 'node:dgram';

/** The receive buffer asked for (Linux caps it at net.core.rmem_max, 4 MiB here). */
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/** A UDP socket on loopback that counts and drops what it receives: an X-Ray daemon that keeps nothing. */
export interface UdpSink {
  /** `127.0.0.1:<port>`, for `AWS_XRAY_DAEMON_ADDRESS`. */
  readonly address: string;
  /** Datagrams received so far. */
  readonly datagrams: number;
  /** Closes the socket. */
  close(): Promise<void>;
}

/**
 * Binds a UDP sink on a free loopback port. The tracers send their segments there, so a run pays
 * for building and sending them as in Lambda, and the count shows tracing really was on.
 * @example
 * ```ts
 * const sink = await startUdpSink();
 * env.AWS_XRAY_DAEMON_ADDRESS = sink.address;
 * ```
 */
export function startUdpSink(): Promise<UdpSink> {
  const socket = createSocket('udp4');
  let datagrams = 0;
  socket.on('message', () => {
    datagrams += 1;
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      // Room for a burst: a tracer that defers its sends (lean mode sends on setImmediate) may send a
      // block's worth at once, which the default 208 KiB buffer would partly drop. The kernel caps it.
      socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      resolve({
        address: `127.0.0.1:${socket.address().port}`,
        get datagrams() {
          return datagrams;
        },
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
