/* eslint-disable @typescript-eslint/no-require-imports */
// `node -r ./test/support/ts-register.js script.ts` runs a TypeScript script of this checkout
// straight from its sources: each file is transpiled on its own as it is required (tsconfig.json
// has isolatedModules), without a type check (`npm run typecheck` does that) and without tsc's
// seconds of reading the type definitions of every dependency.
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
    },
  });
  module._compile(outputText, filename);
};
