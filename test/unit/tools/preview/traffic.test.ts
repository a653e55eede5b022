import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTraffic, TrafficError, type TrafficResult } from '../../../../tools/preview/traffic';

/**
 * A loopback HTTP server that answers like the orders API does (201 with an order id, 400 for a bad
 * order, 404 for what does not exist) and records what it was sent.
 */
async function ordersLikeApi(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  let next = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url}`);
      const answer = (status: number, json: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.method === 'POST') return JSON.parse(body).items[0].quantity === 0 ? answer(400, { error: { code: 'ValidationFailed' } }) : answer(201, { orderId: `o-${++next}` });
      if (/^\/orders\/o-\d+$/.test(req.url ?? '') || (req.url ?? '').startsWith('/orders?')) return answer(200, {});
      return answer(404, { error: { code: 'NotFound' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('startTraffic', () => {
  it('sends a realistic mix — orders created, read back, listed, invalid, not found — and stops by itself', async () => {
    // Prepare
    const api = await ordersLikeApi();
    const results: TrafficResult[] = [];

    // Act
    const traffic = startTraffic({ apiUrl: api.url, intervalMs: 0, maxRequests: 120, onResult: (result) => results.push(result) });
    await traffic.finished;
    await api.close();

    // Assess
    expect(traffic.sent()).toBe(120);
    expect(api.received).toHaveLength(120);
    const statuses = new Set(results.map((result) => result.status));
    expect([...statuses].sort()).toEqual([200, 201, 400, 404]);
    expect(api.received.some((r) => /^GET \/orders\/o-\d+$/.test(r))).toBe(true);
    expect(api.received.some((r) => /^GET \/orders\?customerId=c-\w+&limit=\d+$/.test(r))).toBe(true);
  });

  it('stops when asked', async () => {
    // Prepare
    const api = await ordersLikeApi();
    const traffic = startTraffic({ apiUrl: api.url, intervalMs: 10_000 });

    // Act
    await traffic.stop();
    await api.close();

    // Assess
    expect(traffic.sent()).toBe(1);
  });

  it('refuses to send anywhere but this machine', () => {
    expect(() => startTraffic({ apiUrl: 'http://orders.example:3000' })).toThrow(TrafficError);
    expect(() => startTraffic({ apiUrl: 'http://orders.example:3000' })).toThrow('traffic goes only to this machine; http://orders.example:3000 is not a loopback address');
  });
});
