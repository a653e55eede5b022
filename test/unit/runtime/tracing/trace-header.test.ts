import { parseDaemonAddress, parseTraceHeader } from '../../../../src/runtime/tracing';

describe('parseTraceHeader', () => {
  const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
  const PARENT = '53995c3f42cd8ad8';

  it('reads the root, parent and sampling decision Lambda sets, in any order', () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT};Sampled=1`)).toEqual({ traceId: ROOT, parentId: PARENT, sampled: true });
    expect(parseTraceHeader(`Sampled=0;Lineage=a87bd80c:1;Parent=${PARENT};Root=${ROOT}`)).toEqual({ traceId: ROOT, parentId: PARENT, sampled: false });
  });

  it('treats a missing sampling decision as not sampled', () => {
    expect(parseTraceHeader(`Root=${ROOT};Parent=${PARENT}`)?.sampled).toBe(false);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['no parent', `Root=${ROOT};Sampled=1`],
    ['a malformed root', `Root=1-xyz;Parent=${PARENT};Sampled=1`],
    ['a malformed parent', `Root=${ROOT};Parent=53995c;Sampled=1`],
  ])('gives no context for %s', (_case, header) => {
    expect(parseTraceHeader(header)).toBeUndefined();
  });
});

describe('parseDaemonAddress', () => {
  it('reads host:port and the UDP half of "tcp:… udp:…"', () => {
    expect(parseDaemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(parseDaemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.1:2001')).toEqual({ host: '127.0.0.1', port: 2001 });
  });

  it('falls back to the daemon default when unset', () => {
    expect(parseDaemonAddress(undefined)).toEqual({ host: '127.0.0.1', port: 2000 });
  });

  it.each(['localhost', '127.0.0.1:99999', 'tcp:127.0.0.1:2000', 'udp:127.0.0.1:abc'])('names the bad value %p', (value) => {
    expect(() => parseDaemonAddress(value)).toThrow(`AWS_XRAY_DAEMON_ADDRESS must be host:port or "tcp:host:port udp:host:port", got ${JSON.stringify(value)}`);
  });
});
