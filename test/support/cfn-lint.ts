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

/** Lints template files against every resource's CloudFormation schema; one run for several files saves cfn-lint's start-up. */
export function cfnLint(...files: readonly string[]): CfnLintFinding[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', ...files], { encoding: 'utf8' });
  if (run.error) throw run.error;
  // cfn-lint exits 2 for errors, 4 for warnings, 8 for informational findings, and 1 if it failed itself.
  if (run.status === 1) throw new Error(`cfn-lint failed: ${run.stderr}`);
  return JSON.parse(run.stdout || '[]') as CfnLintFinding[];
}
