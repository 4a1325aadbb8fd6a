#!/usr/bin/env node
// Thin launcher: the CLI itself is bundled by esbuild into dist/cli.js (built by `npm install`).
require('../dist/cli.js');
