/**
 * Periscope's import boundaries (`npm run lint:boundaries`, run by `npm run lint` and `.ci/run`):
 * the product imports neither the sample nor the tools; the runtime (what the layer ships, and the
 * notifier function) imports no build-time code or dev tooling; the sample uses the product only
 * through its public entries, as another team would. Tests may import all three.
 * See DESIGN.md, "Layout: product, sample, tools".
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** The product: what the npm package and the layer ship. */
const PRODUCT = '^(src|alarms|dashboards|plugin|layers|cli)/|^handlers/(alerts|deployments|delivery)/';
/** What runs inside a Lambda function: the toolkit and Periscope's own functions (the notifier, the pre-traffic hook, the delivery metrics). */
const RUNTIME = '^src/|^handlers/(alerts|deployments|delivery)/';
/** Build-time product code: generators, the plugin, the layer builder, the CLI. */
const BUILD_TIME = '^(alarms|dashboards|plugin|layers|cli)/';
/** The sample orders service and the second example service. */
const SAMPLE = '^(handlers/orders|examples|deploy|events)/|^observability\\.config\\.ts$';
/** Emulators, the local stack, preview, drills, fuzzing, load and bench. */
const TOOLS = '^tools/';
/** The product's public entries (`periscope`, `periscope/alarms`, `periscope/dashboards`, `periscope/slack-notifier`, `periscope/pre-traffic-hook`, `periscope/delivery-metrics`). */
const PUBLIC_ENTRIES =
  '^(src/index\\.ts|alarms/index\\.ts|dashboards/index\\.ts|handlers/alerts/slack-notifier\\.ts|handlers/deployments/pre-traffic-hook\\.ts|handlers/delivery/delivery-metrics\\.ts)$';

module.exports = {
  forbidden: [
    {
      name: 'product-imports-sample',
      comment: 'The product must work for any service: it never imports the sample orders service or the examples (their catalog, handlers, resources).',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: SAMPLE },
    },
    {
      name: 'product-imports-tools',
      comment: 'Tools are never shipped: the product never imports the emulators, the local stack, drills, fuzzing, load or bench.',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: TOOLS },
    },
    {
      name: 'runtime-imports-build-time',
      comment: 'The runtime (src/, the notifier) is what a Lambda function loads: it never imports the generators, the plugin, the layer builder or the CLI.',
      severity: 'error',
      from: { path: RUNTIME },
      to: { path: BUILD_TIME },
    },
    {
      name: 'product-imports-dev-tooling',
      comment: 'Installing Periscope pulls only its dependencies: product code imports no devDependency (esbuild, a peer, and type-only imports aside).',
      severity: 'error',
      from: { path: PRODUCT },
      to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only', 'npm-peer'] },
    },
    {
      name: 'runtime-imports-peer-tooling',
      comment: 'esbuild is for the plugin and the layer builder; a Lambda function never loads it.',
      severity: 'error',
      from: { path: RUNTIME },
      to: { dependencyTypes: ['npm-peer'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sample-imports-product-internals',
      comment:
        "The sample uses Periscope exactly as another team would: through 'periscope', 'periscope/alarms', 'periscope/dashboards', 'periscope/slack-notifier', 'periscope/pre-traffic-hook' and 'periscope/delivery-metrics', never a product file by path.",
      severity: 'error',
      from: { path: SAMPLE },
      to: { path: PRODUCT, pathNot: PUBLIC_ENTRIES },
    },
    {
      name: 'imports-tests',
      comment: 'Nothing but tests imports test code.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.esbuild|\\.serverless)/|^tools/bench/\\.build/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default', 'types'] },
  },
};
