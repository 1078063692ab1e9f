#!/usr/bin/env node
'use strict';
// Node 20 is this project's runtime; the AWS SDK's notice about its future releases is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../dist/cli/main.js').main(process.argv);
