/**
 * The orders service's Slack notifier: Periscope's own function, deployed as any service deploys it
 * (`handler: handlers/orders/alerts.handler` in serverless.yml, `custom.periscope.notifier`).
 */
export { handler } from 'periscope/slack-notifier';
