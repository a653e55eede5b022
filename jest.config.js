/**
 * Jest runs TypeScript through @swc/jest (no type-check here: `npm run typecheck` does that).
 * Three projects so `npm test` runs everything and each layer can be run alone.
 * @type {import('jest').Config}
 */
// The SDK warns on Node 20 about a support change that doesn't affect Lambda's nodejs22.x runtime.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
// middy 6 ships ES modules only; Jest on Node 20 needs them compiled to CommonJS like our sources.
const transformIgnorePatterns = ['/node_modules/(?!@middy/)'];
// Services import the toolkit as the package `periscope` (the layer's name for it); here it is the source.
const moduleNameMapper = {
  '^periscope$': '<rootDir>/src/index.ts',
  '^periscope/alarms$': '<rootDir>/alarms/index.ts',
  '^periscope/dashboards$': '<rootDir>/dashboards/index.ts',
  '^periscope/slack-notifier$': '<rootDir>/handlers/alerts/slack-notifier.ts',
  '^periscope/pre-traffic-hook$': '<rootDir>/handlers/deployments/pre-traffic-hook.ts',
  '^periscope/delivery-metrics$': '<rootDir>/handlers/delivery/delivery-metrics.ts',
};
// Each test file starts outside any invocation's trace, whatever an earlier file in its worker left (test/support/fresh-lambda-env.ts).
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, moduleNameMapper, setupFiles: ['<rootDir>/test/support/fresh-lambda-env.ts'] };

/** The product: what the npm package and the layer ship. Tools and the sample are exercised, not measured. */
const PRODUCT = ['src', 'alarms', 'dashboards', 'plugin', 'layers', 'cli', 'handlers/alerts', 'handlers/deployments', 'handlers/delivery'];

module.exports = {
  // Jest reads testTimeout, maxWorkers and coverage settings from the global config only, not per project.
  testTimeout: 120_000,
  // At least two workers, also on a 2-core machine (Jest's default there is one): the fire drills take
  // one for minutes while the rest runs on the other. Suites that build or run serverless in the
  // checkout take turns (test/support/checkout-lock.ts).
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  collectCoverage: true,
  coverageProvider: 'v8',
  collectCoverageFrom: [
    ...PRODUCT.map((folder) => `<rootDir>/${folder}/**/*.ts`),
    // The plugin's adapter to osls (hooks, osls's objects) runs only inside real `serverless` processes
    // (test/integration/periscope-plugin, packaged-template, layer-service; e2e/adopt-periscope), which
    // jest's coverage cannot see; everything it calls (catalog loading, resources, generation, report,
    // layer wiring) is measured here.
    '!<rootDir>/plugin/periscope-plugin.ts',
    '!<rootDir>/plugin/index.ts',
  ],
  coverageReporters: ['text-summary', ['json-summary', { file: 'coverage-summary.json' }]],
  coverageThreshold: Object.fromEntries(['src', 'alarms', 'dashboards', 'plugin'].map((folder) => [`./${folder}/`, { lines: 90 }])),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
