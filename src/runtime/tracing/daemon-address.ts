/** Where segments go: the X-Ray daemon's UDP address. */
export interface DaemonAddress {
  readonly host: string;
  readonly port: number;
}

/** Thrown when `AWS_XRAY_DAEMON_ADDRESS` cannot be read; the message quotes it. */
export class DaemonAddressError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DaemonAddressError';
  }
}

/** The X-Ray daemon's default address, used when `AWS_XRAY_DAEMON_ADDRESS` is not set. */
export const DEFAULT_DAEMON_ADDRESS: DaemonAddress = { host: '127.0.0.1', port: 2000 };

const HOST_PORT = /^([^\s:]+):(\d{1,5})$/;

/**
 * Reads `AWS_XRAY_DAEMON_ADDRESS` in either form Lambda and the X-Ray SDK accept:
 * `host:port`, or `tcp:host:port udp:host:port` (segments use the UDP one).
 *
 * @throws {@link DaemonAddressError} naming the value when it is neither form or the port is out of range
 * @example
 * ```ts
 * parseDaemonAddress('169.254.79.129:2000'); // { host: '169.254.79.129', port: 2000 }
 * parseDaemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.1:2001'); // { host: '127.0.0.1', port: 2001 }
 * ```
 */
export function parseDaemonAddress(value: string | undefined): DaemonAddress {
  if (value === undefined || value.trim() === '') return DEFAULT_DAEMON_ADDRESS;
  const parts = value.trim().split(/\s+/);
  const udp = parts.length === 1 ? parts[0] : parts.find((part) => part.startsWith('udp:'))?.slice('udp:'.length);
  const match = udp === undefined ? null : HOST_PORT.exec(udp);
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match?.[1] || !(port > 0 && port < 65_536)) {
    throw new DaemonAddressError(`AWS_XRAY_DAEMON_ADDRESS must be host:port or "tcp:host:port udp:host:port", got ${JSON.stringify(value)}`);
  }
  return { host: match[1], port };
}
