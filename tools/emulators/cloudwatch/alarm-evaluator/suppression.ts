import type { ActionsSuppressedBy, AlarmState } from './types';

/** What the suppressor alarm looks like at one evaluation. */
export interface SuppressorView {
  readonly state: AlarmState;
  /** When it last left ALARM (epoch ms), if ever. */
  readonly leftAlarmAt?: number;
}

/** Whether a composite's transition is notified now or held. */
export type TransitionVerdict = { readonly suppressed: false } | { readonly suppressed: true; readonly by: ActionsSuppressedBy; readonly until?: number };

/** A held notification let go: the composite's current state, to be notified. */
export interface Release {
  readonly from: AlarmState;
  readonly to: AlarmState;
}

interface Hold {
  by: ActionsSuppressedBy;
  until?: number;
}

/**
 * The `ActionsSuppressor` of one composite alarm, per the CloudWatch docs ("Suppressing composite
 * alarm actions", `ActionsSuppressedBy`):
 *
 * - While the suppressor is in ALARM, the composite's actions are suppressed (`Alarm`).
 * - When the composite goes into ALARM while the suppressor is not, its actions wait up to
 *   `ActionsSuppressorWaitPeriod` for the suppressor to go into ALARM (`WaitPeriod`); if it does,
 *   they are suppressed.
 * - After the suppressor leaves ALARM, suppression goes on for `ActionsSuppressorExtensionPeriod`
 *   (`ExtensionPeriod`).
 * - When a wait or extension period ends, the composite takes the actions of its state at that time
 *   (as CloudWatch does when the periods become inactive) — here only if that state differs from the
 *   last one notified, so a composite that went ALARM → OK inside the wait says nothing, and one still
 *   in ALARM after a deploy pages once.
 *
 * Transitions to OK or INSUFFICIENT_DATA do not start a wait period; they are held only while the
 * suppressor is in ALARM or in its extension period, or while an earlier hold is still pending.
 */
export class ActionSuppression {
  readonly #waitMs: number;
  readonly #extensionMs: number;
  #notified: AlarmState;
  #hold: Hold | undefined;

  /**
   * @param notified the state the composite starts in, taken as already notified
   */
  public constructor(notified: AlarmState, settings: { readonly waitSeconds: number; readonly extensionSeconds: number }) {
    this.#notified = notified;
    this.#waitMs = settings.waitSeconds * 1000;
    this.#extensionMs = settings.extensionSeconds * 1000;
  }

  /** Why actions are held now, and until when, if they are. */
  public get hold(): { readonly by: ActionsSuppressedBy; readonly until?: number } | undefined {
    return this.#hold === undefined ? undefined : { ...this.#hold };
  }

  /** Follows the suppressor: a hold waiting for it becomes suppressed when it goes into ALARM, and an extension starts when it leaves. */
  public follow(suppressor: SuppressorView): void {
    const hold = this.#hold;
    if (hold === undefined) return;
    if (suppressor.state === 'ALARM') this.#hold = { by: 'Alarm' };
    else if (hold.by === 'Alarm') this.#hold = { by: 'ExtensionPeriod', until: (suppressor.leftAlarmAt ?? 0) + this.#extensionMs };
  }

  /** A transition of the composite to `to` at `at`: notified now, or held (joining a pending hold). */
  public transition(to: AlarmState, at: number, suppressor: SuppressorView): TransitionVerdict {
    if (this.#hold === undefined) {
      if (suppressor.state === 'ALARM') this.#hold = { by: 'Alarm' };
      else if (suppressor.leftAlarmAt !== undefined && at < suppressor.leftAlarmAt + this.#extensionMs) this.#hold = { by: 'ExtensionPeriod', until: suppressor.leftAlarmAt + this.#extensionMs };
      else if (to === 'ALARM' && this.#waitMs > 0) this.#hold = { by: 'WaitPeriod', until: at + this.#waitMs };
      else {
        this.#notified = to;
        return { suppressed: false };
      }
    }
    const hold = this.#hold;
    return { suppressed: true, by: hold.by, ...(hold.until === undefined ? {} : { until: hold.until }) };
  }

  /** At `now`, with the composite in `current`: lets a hold go when its period has ended; a release when a notification is due. */
  public release(now: number, current: AlarmState): Release | undefined {
    const hold = this.#hold;
    if (hold === undefined || hold.until === undefined || now < hold.until) return undefined;
    this.#hold = undefined;
    if (current === this.#notified) return undefined;
    const release = { from: this.#notified, to: current };
    this.#notified = current;
    return release;
  }
}
