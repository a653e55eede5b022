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
const moduleNameMapper = { '^periscope$': '<rootDir>/src/index.ts', '^periscope/alarms$': '<rootDir>/alarms/index.ts', '^periscope/dashboards$': '<rootDir>/dashboards/index.ts' };
const common = { testEnvironment: 'node', transform, transformIgnorePatterns, moduleNameMapper };

module.exports = {
  // Jest reads testTimeout from the global config only, not per project.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
