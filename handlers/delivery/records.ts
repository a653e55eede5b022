/**
 * The delivery-metrics function's records: deployments and incidents, as derived from the
 * EventBridge events it has stored (see `deriveRecords`). Times are epoch milliseconds.
 */

/** How a deployment ended. */
export type DeploymentOutcome = 'succeeded' | 'rolled-back' | 'failed';

/** One CodeDeploy deployment (one function's traffic shift) and the last state it reported. */
export interface CodeDeployment {
  readonly deploymentId: string;
  readonly group: string;
  /** `START`, `SUCCESS`, `FAILURE`, `STOP` or `READY`. */
  readonly state: string;
  readonly at: number;
}

/**
 * One deployment of the service: a stack update (`serverless deploy`, with any CodeDeploy traffic
 * shifts it ran), or a CodeDeploy deployment outside any stack update.
 */
export interface DeploymentRecord {
  /** `stack@<start>` or `codedeploy@<deploymentId>`. */
  readonly id: string;
  readonly source: 'stack' | 'codedeploy';
  readonly startedAt: number;
  /** Absent while it runs. */
  readonly endedAt?: number;
  readonly outcome?: DeploymentOutcome;
  /** CloudFormation's or CodeDeploy's reason for a failure. */
  readonly reason?: string;
  /** What the plugin said about the change: version, commit, commit time, strategy. */
  readonly version?: string;
  readonly commit?: string;
  readonly commitTime?: number;
  readonly strategy?: string;
  /** Deployed while an incident was open, or marked as a fix. */
  readonly rework: boolean;
  readonly reworkReason?: 'incident-open' | 'marked-fix';
  readonly codeDeployments: readonly CodeDeployment[];
}

/** One incident: the critical tier composite in ALARM, until it is OK again. */
export interface IncidentRecord {
  /** `<alarm name>@<opened at>`. */
  readonly id: string;
  readonly alarmName: string;
  readonly openedAt: number;
  /** Absent while it is open. */
  readonly closedAt?: number;
  /** The deployment that was running when it opened, or ended within the change window before: change-caused. */
  readonly causedBy?: string;
  /**
   * Whether the event that opened it has been stored. A close alone says when the incident opened,
   * but the alarm changes that led to it arrive with the opening event, which may come later.
   */
  readonly openingSeen: boolean;
}

/** One alarm state change, for a review's timeline. */
export interface AlarmTransition {
  readonly alarmName: string;
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** The runbook link in the alarm's description, when it has one. */
  readonly runbook?: string;
}

/** What an incident cost its users, read from CloudWatch over the incident's window. */
export interface Impact {
  /** Requests served in the window (API Gateway `Count`, or the functions' `Invocations` without an API). */
  readonly requests: number;
  /** Of them, the ones that failed (`5XXError`, or `Errors`). */
  readonly failedRequests: number;
  /** `failedRequests / requests`, in percent; 0 with no requests. */
  readonly errorRatePercent: number;
  /**
   * The share of the SLO window's error budget the window's failures spent, in percent: failed
   * requests over the requests of the SLO window times `1 − target`. Absent without an SLO.
   */
  readonly budgetBurnedPercent?: number;
}
