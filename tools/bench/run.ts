/**
 * `npm run bench`: Periscope's performance budget, measured on this machine in one run — cold start
 * against a bare handler and the stock Powertools setup, warm overhead, bundle and layer size, log
 * bytes per request, cost per million requests, generation time. Prints a table per section and
 * writes every figure to tools/bench/results.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { runColdStart } from './cold-start';
import { runCost } from './cost';
import { runGeneration } from './generation';
import type { LogFigures } from './logs';
import { runLogBytes } from './logs';
import { runSize } from './size';
import { formatProfileSummary, profileFolders, summarizeProfileDir } from './support/profile-summary';
import type { BenchOptions, BenchSection } from './types';
import { runWarmOverhead } from './warm-overhead';

const HELP = `Usage: npm run bench [-- --quick] [-- --only <section>[,<section>...]] [-- --profile] [-- --help]

Measures, in one run on this machine: cold start (a fresh node per sample, bare vs stock Powertools
vs Periscope in its default and lean tracing, each bundled and from the layer, interleaved), warm
overhead per invocation over bare of Periscope default, Periscope lean and stock Powertools (sampled
and not sampled), handler bundle and layer size, log bytes per successful request, observability cost per 1M
requests at us-east-1 list prices, and alarm + dashboard generation for a 50-function service.
Prints a table per section and writes tools/bench/results.json.

Options:
  --quick     fewer samples (a quick check; not the published figures)
  --only      only these sections: ${['coldStart', 'warm', 'size', 'logs', 'cost', 'generation'].join(', ')}
  --profile   CPU profiles (node --cpu-prof) of the cold start and warm children in tools/bench/.build/profiles,
              bundles unminified so functions keep their names (open in Chrome DevTools; not the published figures),
              and a summary per variant: self time by package and the top functions
  --help, -h  this help
`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = ['coldStart', 'warm', 'size', 'logs', 'cost', 'generation'] as const;
type SectionKey = (typeof SECTIONS)[number];

const write = (text: string): void => void process.stdout.write(text);

/** A section's block: title, aligned columns, notes. */
function render(section: BenchSection, seconds: number): string {
  const widths = (section.table[0] ?? []).map((_, i) => Math.max(...section.table.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const [header, ...rows] = section.table;
  return [
    `\n${section.title} (${seconds.toFixed(1)} s)`,
    ...(header === undefined ? [] : [line(header), widths.map((w) => '-'.repeat(w)).join('  ')]),
    ...rows.map(line),
    ...(section.notes ?? []).map((note) => `  · ${note}`),
    '',
  ].join('\n');
}

async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    write(HELP);
    return 0;
  }
  const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined;
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) throw new Error(`no bench section named ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  const wanted = (key: SectionKey): boolean => only === undefined || only.includes(key);
  const buildDir = join(__dirname, '.build');
  mkdirSync(buildDir, { recursive: true });
  const profileDir = args.includes('--profile') ? join(buildDir, 'profiles') : undefined;
  const options: BenchOptions = { quick: args.includes('--quick'), buildDir, profileDir, progress: (text) => process.stderr.write(`  … ${text}\n`) };
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), platform: `${process.platform} ${process.arch}` };
  write(
    `Periscope benchmarks on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, node ${machine.node}${options.quick === true ? ' (quick: fewer samples)' : ''}${profileDir ? ` (profiling into ${profileDir}: not the published figures)` : ''}\n`,
  );

  const results: Record<string, unknown> = { machine, quick: options.quick === true, at: new Date().toISOString() };
  const started = performance.now();
  const run = async (key: SectionKey, runner: () => Promise<BenchSection>): Promise<BenchSection | undefined> => {
    if (!wanted(key)) return undefined;
    process.stderr.write(`▶ ${key}\n`);
    const t0 = performance.now();
    const section = await runner();
    write(render(section, (performance.now() - t0) / 1000));
    results[section.key] = section.figures;
    return section;
  };
  await run('coldStart', () => runColdStart(options));
  await run('warm', () => runWarmOverhead(options));
  await run('size', () => runSize(options));
  const logs = await run('logs', () => runLogBytes(options));
  await run('cost', () => runCost(options, logs?.figures as LogFigures | undefined));
  await run('generation', () => runGeneration(options));

  // The headline figures the budget is judged on, at the top level.
  const pick = (section: string, field: string): unknown => (results[section] as Record<string, unknown> | undefined)?.[field];
  Object.assign(results, {
    logBytesPerRequest: pick('logs', 'logBytesPerRequest'),
    costPer1MUsd: pick('cost', 'costPer1MUsd'),
  });
  if (profileDir !== undefined) {
    write('\nCPU profiles (self time by package, then the top functions)\n');
    for (const folder of profileFolders(profileDir)) write(`${formatProfileSummary(relative(profileDir, folder), summarizeProfileDir(folder)).join('\n')}\n`);
  }
  const file = join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  write(`\nwrote ${file} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm run bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
