import type { ServiceDefinition } from 'periscope';

/**
 * The pre-traffic hook's own catalog: what it records about the smoke tests it runs. Plain data
 * (`satisfies`, not `defineService`), as the Slack notifier's: the hook's bundle needs no validator
 * (a unit test runs `validateService` on it).
 */
export const preTrafficHookCatalog = {
  service: 'pre-traffic-hook',
  namespace: 'Periscope/Deployments',
  description: "CodeDeploy's BeforeAllowTraffic hook: invokes a function's new version with its sample event before any traffic moves.",
  functions: [{ name: 'preTrafficHook', description: 'Smoke-tests the new version of every smoke-tested function of a service and reports the verdict to CodeDeploy.' }],
  metrics: [
    { name: 'SmokeTestPassed', unit: 'Count', description: 'Deployments whose new version answered its sample event (2xx–4xx): traffic may move.' },
    {
      name: 'SmokeTestFailed',
      unit: 'Count',
      description: 'Deployments stopped before any traffic moved: the new version answered 5xx, failed, timed out, or could not be tested (unknown group, no sample event, bad configuration).',
    },
  ],
  slos: [],
  tiers: {
    critical: { description: 'Deployments cannot be tested: the hook itself is broken.', page: true },
    warning: { description: 'A new version failed its smoke test and was not deployed.', page: false },
    info: { description: 'Smoke test statistics.', page: false },
  },
} as const satisfies ServiceDefinition;
