import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository's root: the sample's serverless.yml. */
export const ROOT = resolve(__dirname, '../..');

/** One Serverless service `npm run deploy:local` deploys. */
export interface LocalService {
  /** What the user calls it: `layer`, `orders`, `inventory`. */
  readonly key: string;
  /** Its `service:` in serverless.yml. */
  readonly service: string;
  /** The directory holding its serverless.yml. */
  readonly dir: string;
  /** What it is, in a line. */
  readonly description: string;
  /** Whether it publishes the Periscope layer. */
  readonly publishesLayer: boolean;
  /** Whether it runs on the layer the layer service publishes (`--param=periscopeLayer=<arn>`). */
  readonly usesLayer: boolean;
  /** Its own package.json, installed with `npm install` before it can be deployed (a team's own repository). */
  readonly ownPackage: boolean;
}

/** The layer service first: the other two import its layer. */
export const LOCAL_SERVICES: readonly LocalService[] = [
  { key: 'layer', service: 'periscope-layer', dir: join(ROOT, 'layers'), description: 'the Periscope layer (layers/serverless.yml)', publishesLayer: true, usesLayer: false, ownPackage: false },
  { key: 'orders', service: 'periscope-orders', dir: ROOT, description: 'the sample orders service (serverless.yml)', publishesLayer: false, usesLayer: true, ownPackage: false },
  {
    key: 'inventory',
    service: 'inventory',
    dir: join(ROOT, 'examples/inventory'),
    description: 'the inventory example adopting Periscope (examples/inventory)',
    publishesLayer: false,
    usesLayer: true,
    ownPackage: true,
  },
];

/** The CloudFormation stack osls deploys a service to. */
export const stackName = (service: LocalService, stage: string): string => `${service.service}-${stage}`;

/** The osls CLI a service runs: its own install's, or the repository's. */
export function serverlessCli(service: LocalService): string {
  return require.resolve('serverless/bin/serverless.js', { paths: [service.dir, ROOT] });
}

/** Whether a service with its own package.json still needs `npm install`. */
export const needsInstall = (service: LocalService): boolean => service.ownPackage && !existsSync(join(service.dir, 'node_modules/serverless/package.json'));
