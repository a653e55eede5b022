import type { WeekOutcome } from './run-week';

/** The week's outcome as the drill prints it: the five figures by DORA's names, with the expected values and verdicts. */
export function formatWeek(outcome: WeekOutcome): string {
  const counts = new Map<string, number>();
  for (const delivery of outcome.deliveries) counts.set(delivery.got, (counts.get(delivery.got) ?? 0) + 1);
  const width = Math.max(...outcome.figures.map((figure) => figure.name.length));
  const value = (n: number | undefined): string => (n === undefined ? '—' : n.toFixed(2)).padStart(7);
  const lines = [
    `  ${outcome.deliveries.length} EventBridge deliveries: ${counts.get('recorded') ?? 0} recorded, ${counts.get('duplicate') ?? 0} duplicates changed nothing, ${counts.get('ignored') ?? 0} ignored (another service), ${counts.get('rejected') ?? 0} rejected (malformed or unknown)`,
    ...outcome.figures.map(
      (figure) =>
        `  ${figure.name.padEnd(width)} ${value(figure.measured)}   by hand ${value(figure.expected)}   ${figure.meetsTarget === undefined ? 'no value' : figure.meetsTarget ? 'meets the target' : 'misses the target'}`,
    ),
    `  operations dashboard: ${outcome.annotations.length} deployments marked (${outcome.annotations.join('; ')})`,
    ...outcome.reviews.map((review) => `  review draft: ${review.file ?? review.incidentId}`),
    `  ${outcome.failures.length === 0 ? 'PASS' : 'FAIL'} delivery-week (${outcome.seconds.toFixed(1)} s)`,
    ...outcome.failures.map((failure) => `    ✗ ${failure}`),
  ];
  return `${lines.join('\n')}\n`;
}
