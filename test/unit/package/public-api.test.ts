import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');

/** The package's entries, by the name a service imports them with. */
const ENTRIES = {
  periscope: 'src/index.ts',
  'periscope/alarms': 'alarms/index.ts',
  'periscope/dashboards': 'dashboards/index.ts',
  'periscope/slack-notifier': 'handlers/alerts/slack-notifier.ts',
  'periscope/pre-traffic-hook': 'handlers/deployments/pre-traffic-hook.ts',
  'periscope/delivery-metrics': 'handlers/delivery/delivery-metrics.ts',
} as const;

/** Every export of each entry, and whether its declaration carries TypeDoc. */
function exportsOf(): Record<string, { name: string; documented: boolean }[]> {
  const files = Object.values(ENTRIES).map((file) => join(ROOT, file));
  const { config } = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  return Object.fromEntries(
    Object.entries(ENTRIES).map(([entry, file]) => {
      const source = program.getSourceFile(join(ROOT, file))!;
      const symbols = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
      return [
        entry,
        symbols.map((symbol) => {
          const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          return { name: symbol.name, documented: target.getDocumentationComment(checker).length > 0 };
        }),
      ];
    }),
  );
}

/** The public API is a decision: a short, documented list of what a service calls. */
describe('the public API of the periscope package', () => {
  const entries = exportsOf();

  it('documents every name it exports, in every entry', () => {
    // Assess
    const undocumented = Object.entries(entries).flatMap(([entry, names]) => names.filter((name) => !name.documented).map((name) => `${entry}: ${name.name}`));
    expect(undocumented).toEqual([]);
  });

  it('keeps the runtime entry to what a handler calls: no tracer internals, EMF or log plumbing', () => {
    // Assess
    const runtime = entries.periscope!.map((name) => name.name);
    // 70 before the trigger wrappers (HTTP API, SQS and its options, SNS, EventBridge) and the producer correlation helpers, with their types.
    expect(runtime.length).toBeLessThanOrEqual(86);
    expect(runtime).toEqual(expect.arrayContaining(['defineService', 'createTelemetry', 'withObservability', 'jsonResponse', 'createDocumentClient', 'requireEnv']));
    const internals = [
      'Span',
      'parseTraceHeader',
      'UdpSegmentEmitter',
      'emfDocuments',
      'boundedJson',
      'PeriscopeLogger',
      'PeriscopeLogFormatter',
      'toErrorResponse',
      'classifyDependencyFailure',
      'LOCAL_DYNAMODB_ENDPOINT',
      'CatalogRules',
    ];
    expect(runtime.filter((name) => internals.includes(name))).toEqual([]);
  });
});
