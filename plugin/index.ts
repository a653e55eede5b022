/**
 * The Periscope Serverless Framework plugin, as `serverless.yml` lists it: `plugins: [periscope/plugin]`
 * (before serverless-esbuild). Plain JavaScript once built: loading it needs no TypeScript tooling;
 * a TypeScript catalog is compiled with esbuild, which serverless-esbuild users already have.
 * @packageDocumentation
 */
import { PeriscopePlugin } from './periscope-plugin';

export = PeriscopePlugin;
