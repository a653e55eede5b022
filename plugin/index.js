'use strict';

/**
 * Serverless Framework entry of the Periscope plugin (`plugins: [./plugin]`). The plugin and the
 * catalogs it loads are TypeScript; tsx's scoped require compiles them on the fly, for this plugin
 * only, without touching how anything else is loaded.
 */
const { require: tsxRequire } = require('tsx/cjs/api');

const { PeriscopePlugin } = tsxRequire('./periscope-plugin.ts', __filename);

module.exports = class Periscope extends PeriscopePlugin {
  constructor(serverless, options, utils) {
    super(serverless, options, utils, (path) => tsxRequire(path, __filename));
  }
};
