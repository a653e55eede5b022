import { expectations as e, fail, firedBetween, neverFired, noPages, type Outcome, pagedOnce, recovered, type Scenario, unexpected } from './scenario';

/** Every order the API placed was fulfilled, but for those still on the queue at the end. */
const everyOrderFulfilled = (o: Outcome): string[] => {
  const { orders, end } = o.fulfilment;
  const waiting = end.queue.visible + end.queue.inFlight;
  return fail(orders.placed - orders.fulfilled <= waiting, `${orders.placed - orders.fulfilled} of ${orders.placed} placed orders not fulfilled, ${waiting} message(s) still on the queue`);
};

/** The stray messages' ids, and each batch's records split into strays and real orders. */
function strayBatches(o: Outcome) {
  const strays = new Set(o.fulfilment.strays.map((s) => s.messageId));
  return { strays, ran: o.fulfilment.batches.filter((b) => b.result === 'processed' || b.result === 'partial') };
}

/**
 * Each batch fulfilOrder answered named as failed exactly its stray records (the real orders beside
 * them were done and deleted), and some batches held both.
 */
const onlyStraysRetried = (o: Outcome): string[] => {
  const { strays, ran } = strayBatches(o);
  const wrong = ran.filter((b) => b.failedIds.length !== b.messageIds.filter((id) => strays.has(id)).length || b.failedIds.some((id) => !strays.has(id)));
  const mixed = ran.filter((b) => b.result === 'partial' && b.messageIds.some((id) => !strays.has(id)));
  return [
    ...fail(wrong.length === 0, `${wrong.length} batch(es) reported other records than their stray ones as failed`),
    ...fail(mixed.length > 0, 'no batch held a stray message beside a real order: the partial batch response was not exercised'),
  ];
};

/** The dead letter queue holds exactly the stray messages, each received `maxReceiveCount` (3) times. */
const deadLettersAreTheStrays = (o: Outcome): string[] => {
  const strays = new Set(o.fulfilment.strays.map((s) => s.messageId));
  const dead = o.fulfilment.deadLetters;
  return [
    ...fail(dead.length === strays.size && dead.every((m) => strays.has(m.messageId)), `the dead letter queue holds ${dead.length} message(s), not the ${strays.size} stray ones alone`),
    ...fail(
      dead.every((m) => m.receiveCount === 3),
      `dead letters received ${[...new Set(dead.map((m) => m.receiveCount))].join(', ')} times, not 3`,
    ),
  ];
};

/**
 * Drills of the asynchronous leg: `POST /orders` publishes OrderPlaced, fulfilOrder consumes it
 * through its SQS event source mapping, and the queue's own alarms say when fulfilment is failing,
 * behind or slow.
 */
export const ASYNC_SCENARIOS: readonly Scenario[] = [
  {
    name: 'consumer-failing',
    summary:
      'another service puts 3 messages a minute on the OrderPlaced queue that fulfilOrder can never process, for 20 minutes: partial batch failures (only they are retried), the dead letter queue after 3 receives, and still there an hour later; real orders are all fulfilled; nobody paged',
    minutes: 80,
    startHour: 12,
    peak: 10,
    phases: [
      { fromMinute: 5, toMinute: 25, strayMessages: { perMinute: 2, kind: 'not-an-order-event' } },
      { fromMinute: 5, toMinute: 25, strayMessages: { perMinute: 1, kind: 'unknown-order' } },
    ],
    expect: (o, n) => [
      ...firedBetween(o, n.of('fulfil-order-batch-failures-warning'), 5, 12),
      ...firedBetween(o, n.of('fulfil-order-dead-letters-warning'), 5, 12),
      // An hour after the first message was dead-lettered (about minute 8).
      ...firedBetween(o, n.of('fulfil-order-dead-letter-age-warning'), 65, 75),
      ...recovered(o, [n.of('fulfil-order-batch-failures-warning')]),
      ...onlyStraysRetried(o),
      ...deadLettersAreTheStrays(o),
      ...everyOrderFulfilled(o),
      ...noPages(o),
      ...unexpected(o, n, ['warning', 'fulfil-order-batch-failures-warning', 'fulfil-order-dead-letters-warning', 'fulfil-order-dead-letter-age-warning']),
    ],
  },
  {
    name: 'backlog-growing',
    summary:
      'fulfilOrder’s event source mapping is disabled for 15 minutes while orders keep coming: the oldest order waits past 2 minutes and the queue-age alarm pages; re-enabled, the backlog drains and the recovery is announced',
    minutes: 40,
    short: { minutes: 32 },
    startHour: 12,
    peak: 15,
    phases: [{ fromMinute: 10, toMinute: 25, consumer: { enabled: false } }],
    expect: (o, n) => {
      const age = n.of('fulfil-order-queue-age-critical');
      const okAt = o.transitions.find((t) => t.alarmName === age && t.to === 'OK' && t.at > o.start + 25 * 60_000);
      return [
        // Over 120 s from minute 12, for 3 minutes.
        ...firedBetween(o, age, 12, 16),
        ...fail(
          okAt !== undefined && (okAt.at - o.start) / 60_000 <= 27,
          `${age} recovered at ${okAt === undefined ? 'never' : `${(okAt.at - o.start) / 60_000} min`}, not within 2 minutes of the consumer resuming (25)`,
        ),
        ...pagedOnce(o, n),
        ...fail(e.notified(o, 'critical', 'OK').length === 1, `the critical recovery was announced ${e.notified(o, 'critical', 'OK').length} times, not once`),
        ...fail(o.fulfilment.peak.visible > 0 && o.fulfilment.end.queue.visible === 0, `the backlog (peak ${o.fulfilment.peak.visible}) was not drained`),
        ...everyOrderFulfilled(o),
        ...unexpected(o, n, ['critical', 'fulfil-order-queue-age-critical']),
      ];
    },
  },
  {
    name: 'slow-consumer',
    summary:
      'fulfilOrder’s table writes slow to 9 s a batch (most of its 10 s timeout) with its event source capped at 2 concurrent batches (about 130 orders a minute), and a flash sale brings 400, then 130 more orders a minute: the duration p99 warning, the backlog passes 500 (depth warning) and the oldest order waits past 2 minutes (that pages); all fulfilled, none dead-lettered',
    minutes: 40,
    startHour: 12,
    peak: 10,
    phases: [
      { fromMinute: 5, toMinute: 26, lambdaSlowdowns: { fulfilOrder: 9000 }, consumer: { maxConcurrency: 2 } },
      // The sale opens: 2 minutes build a backlog of 500, then about what the capped consumer takes, for 10.
      { fromMinute: 5, toMinute: 7, extra: [{ kind: 'create', perMinute: 400 }] },
      { fromMinute: 7, toMinute: 18, extra: [{ kind: 'create', perMinute: 130 }] },
    ],
    expect: (o, n) => [
      ...firedBetween(o, n.of('fulfil-order-duration-p99-warning'), 5, 25),
      ...firedBetween(o, n.of('fulfil-order-queue-depth-warning'), 15, 22),
      ...firedBetween(o, n.of('fulfil-order-queue-age-critical'), 5, 12),
      ...fail(o.fulfilment.peak.visible > 500, `the backlog peaked at ${o.fulfilment.peak.visible}, not over 500`),
      ...recovered(o, [n.of('fulfil-order-duration-p99-warning'), n.of('fulfil-order-queue-depth-warning'), n.of('fulfil-order-queue-age-critical')]),
      ...pagedOnce(o, n),
      ...everyOrderFulfilled(o),
      ...fail(o.fulfilment.deadLetters.length === 0, `${o.fulfilment.deadLetters.length} order(s) dead-lettered`),
      ...unexpected(o, n, ['critical', 'warning', 'fulfil-order-duration-p99-warning', 'fulfil-order-queue-depth-warning', 'fulfil-order-queue-age-critical']),
    ],
  },
  {
    name: 'fulfilment-hangs',
    summary:
      'a dependency of fulfilOrder hangs: every batch runs into its 10 s timeout for 20 minutes: its errors and p99 duration warnings; each order is tried 3 times and moved to the dead letter queue (dead-letters warning); orders are still taken',
    minutes: 30,
    startHour: 12,
    peak: 15,
    phases: [{ fromMinute: 5, toMinute: 25, lambdaTimeouts: { fulfilOrder: 1 } }],
    expect: (o, n) => [
      ...firedBetween(o, n.of('fulfil-order-errors-warning'), 5, 10),
      ...firedBetween(o, n.of('fulfil-order-duration-p99-warning'), 5, 25),
      ...firedBetween(o, n.of('fulfil-order-dead-letters-warning'), 7, 10),
      ...neverFired(o, n.of('api-5xx-rate-critical')),
      ...fail(!Object.keys(o.statuses).some((status) => Number(status) >= 500), 'some API requests failed: only fulfilment hangs'),
      ...fail(o.fulfilment.deadLetters.length > 0, 'no order reached the dead letter queue'),
      ...unexpected(o, n, ['warning', 'critical', 'fulfil-order-errors-warning', 'fulfil-order-duration-p99-warning', 'fulfil-order-dead-letters-warning', 'fulfil-order-queue-age-critical']),
    ],
  },
];
