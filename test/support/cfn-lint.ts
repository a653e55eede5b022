import { spawnSync } from 'node:child_process';

/** One cfn-lint finding. */
export interface CfnLintFinding {
  /** The template it is about. */
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Location: { readonly Path: readonly (string | number)[] };
  readonly Rule: { readonly Id: string };
}

/** Whether cfn-lint (AWS's CloudFormation linter, with the resource schemas) is installed here. */
export const cfnLintVersion = (): string | undefined => {
  const run = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
};

/**
 * Lints template files against every resource's CloudFormation schema and every rule, the
 * informational ones included (`--include-checks I`: an `Fn::Join` that reads better as an `Fn::Sub`,
 * a stateful resource without deletion policies, a hard-coded partition). One run for several files
 * saves cfn-lint's start-up.
 */
export function cfnLint(...files: readonly string[]): CfnLintFinding[] {
  // `--` ends --include-checks' list, which would take the files too.
  const run = spawnSync('cfn-lint', ['--format', 'json', '--include-checks', 'I', '--', ...files], { encoding: 'utf8' });
  if (run.error) throw run.error;
  // cfn-lint exits 2 for errors, 4 for warnings, 8 for informational findings, and 1 if it failed itself.
  if (run.status === 1) throw new Error(`cfn-lint failed: ${run.stderr}`);
  return JSON.parse(run.stdout || '[]') as CfnLintFinding[];
}

/** One finding on one line, for a test to list what it found: `Informational I1022 Outputs/ServiceEndpoint/Value/Fn::Join/0: Prefer using Fn::Sub…`. */
export const findingLine = (finding: CfnLintFinding): string => `${finding.Level} ${finding.Rule.Id} ${finding.Location.Path.join('/')}: ${finding.Message}`;
