'use strict';

// This example lives inside the Periscope repository, so it loads the plugin from source. In your
// own service, install periscope and list `periscope/plugin` in `plugins:` instead of this file.
module.exports = require('../../plugin');
