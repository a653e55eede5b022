import type { DeliveryConfig } from './delivery-config';
import { type DeliveryEvent, type IgnoredEvent, isIgnored, readDeliveryEvent } from './delivery-events';
import { type DeliveryEmission, type DeliveryPoint, deliveryEmissions } from './delivery-points';
import type { DeliveryStore } from './delivery-store';
import { type DerivedRecords, deriveRecords } from './derive-records';
import { DeliveryEventError } from './errors';
import type { DeploymentRecord, Impact } from './records';
import { type ClosedIncident, isClosedIncident, reviewDraft, reviewWindow } from './review-draft';

/** How far back an event's records are derived: CloudWatch takes EMF timestamps up to 14 days old. */
export const DELIVERY_LOOKBACK_MS = 14 * 86_400_000;

/**
 * A closed incident's review waits for the event that opened it (its alarm changes come with it),
 * at most this long after the close: then the draft is written with what is known.
 */
export const REVIEW_WAIT_MS = 15 * 60_000;

/** Where the delivery metrics go (EMF in `Periscope/Delivery`, at the time given). */
export interface DeliverySink {
  emit(at: number, points: readonly DeliveryPoint[]): void;
}

/** What the recorder works with besides its store. */
export interface DeliveryPorts {
  readonly store: DeliveryStore;
  readonly sink: DeliverySink;
  /** Draws the deployments on the operations dashboard. */
  readonly annotator?: { annotate(deployments: readonly DeploymentRecord[]): Promise<boolean> };
  /** Reads what an incident cost, for its review. */
  readonly impact?: { read(window: { readonly start: Date; readonly end: Date }): Promise<Impact> };
}

/** What happened to one event, for the function's log and its own metrics. */
export type DeliveryOutcome =
  | { readonly result: 'rejected'; readonly error: DeliveryEventError }
  | { readonly result: 'ignored'; readonly event: IgnoredEvent }
  | { readonly result: 'duplicate'; readonly event: DeliveryEvent }
  | {
      readonly result: 'recorded';
      readonly event: DeliveryEvent;
      readonly emitted: readonly DeliveryEmission[];
      readonly reviews: readonly string[];
      /** What went wrong beside the records (the dashboard, the impact): logged, not retried. */
      readonly problems: readonly string[];
    };

/**
 * The delivery-metrics function's work for one EventBridge event: read it, store it once, derive the
 * window's deployments and incidents again, and write what is newly countable — each metric once
 * (claimed first), each closed incident's review draft once — then redraw the operations
 * dashboard's deployments. A bad or foreign event is an outcome, not an error; a store that fails
 * throws, so Lambda retries the event (the store makes the retry harmless).
 */
export class DeliveryRecorder {
  public constructor(
    private readonly config: DeliveryConfig,
    private readonly ports: DeliveryPorts,
    private readonly region: string,
  ) {}

  public async handle(raw: unknown): Promise<DeliveryOutcome> {
    let read: DeliveryEvent | IgnoredEvent;
    try {
      read = readDeliveryEvent(raw, this.config);
    } catch (error) {
      if (error instanceof DeliveryEventError) return { result: 'rejected', error };
      throw error;
    }
    if (isIgnored(read)) return { result: 'ignored', event: read };
    if (!(await this.ports.store.record(read))) return { result: 'duplicate', event: read };

    const since = read.at - DELIVERY_LOOKBACK_MS;
    const records = deriveRecords(await this.ports.store.eventsSince(since), { incidentAlarm: this.config.incidentAlarm, changeWindowMinutes: this.config.changeWindowMinutes });
    const problems: string[] = [];
    const emitted = await this.emit(records);
    const reviews = await this.review(records, read.at, problems);
    if (read.kind === 'stack' || read.kind === 'codedeploy') await this.annotate(records, problems);
    return { result: 'recorded', event: read, emitted, reviews, problems };
  }

  private async emit(records: DerivedRecords): Promise<DeliveryEmission[]> {
    const claimed = await this.ports.store.claims();
    const emitted: DeliveryEmission[] = [];
    for (const emission of deliveryEmissions(records)) {
      if (claimed.has(emission.claim) || !(await this.ports.store.claim(emission.claim))) continue;
      this.ports.sink.emit(emission.at, emission.points);
      emitted.push(emission);
    }
    return emitted;
  }

  private async review(records: DerivedRecords, now: number, problems: string[]): Promise<string[]> {
    const ready = (incident: ClosedIncident): boolean => incident.closedAt >= now - DELIVERY_LOOKBACK_MS && (incident.openingSeen || now >= incident.closedAt + REVIEW_WAIT_MS);
    const closed = records.incidents.filter(isClosedIncident).filter(ready);
    if (closed.length === 0) return [];
    const reviewed = await this.ports.store.reviewed();
    const written: string[] = [];
    for (const incident of closed.filter((i) => !reviewed.has(i.id))) {
      const markdown = await this.draft(incident, records, problems);
      if (await this.ports.store.saveReview({ incidentId: incident.id, openedAt: incident.openedAt, closedAt: incident.closedAt, markdown })) written.push(incident.id);
    }
    return written;
  }

  private async draft(incident: ClosedIncident, records: DerivedRecords, problems: string[]): Promise<string> {
    const cause = records.deployments.find((deployment) => deployment.id === incident.causedBy);
    const window = reviewWindow(incident, cause);
    const [start, end] = [window.start.getTime(), window.end.getTime()];
    let impact: Impact | undefined;
    try {
      impact = await this.ports.impact?.read(window);
    } catch (error) {
      problems.push(`the impact of ${incident.id} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return reviewDraft({
      incident,
      ...(cause === undefined ? {} : { cause }),
      deployments: records.deployments.filter((d) => d.startedAt <= end && (d.endedAt ?? end) >= start),
      transitions: records.transitions.filter((t) => t.at >= start && t.at <= end),
      ...(impact === undefined ? {} : { impact }),
      changeWindowMinutes: this.config.changeWindowMinutes,
      context: { service: this.config.service, stage: this.config.stage, region: this.region, logGroups: this.config.logGroups, dashboardName: this.config.dashboard },
    });
  }

  private async annotate(records: DerivedRecords, problems: string[]): Promise<void> {
    try {
      await this.ports.annotator?.annotate(records.deployments);
    } catch (error) {
      problems.push(`the operations dashboard ${this.config.dashboard} could not be annotated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
