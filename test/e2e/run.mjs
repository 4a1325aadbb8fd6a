#!/usr/bin/env node
// CLI around test/e2e/harness.mjs, for CI:
//
//   node test/e2e/run.mjs --extension <dir> --tests <compiled test index>
//        [--workspace <dir>] [--untrusted] [--results <file>] [--screenshots <dir>]
//        [--timeout <ms>] [--on-page <module.mjs>] [--keep] [--quiet]
//
// --on-page: an ES module whose default export is the onPage(page, ctx) callback.
// Exit code 0 only when the results file says 0 failed and the extension host
// exited 0. Its last line is the plain "e2e: N passed, N failed".
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runInCodeServer } from './harness.mjs';

const { values: a } = parseArgs({
  options: {
    extension: { type: 'string' },
    tests: { type: 'string' },
    workspace: { type: 'string' },
    untrusted: { type: 'boolean', default: false },
    results: { type: 'string' },
    screenshots: { type: 'string' },
    timeout: { type: 'string', default: '180000' },
    'on-page': { type: 'string' },
    keep: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (a.help || !a.extension || !a.tests) {
  console.log('usage: node test/e2e/run.mjs --extension <dir> --tests <test index.js> [--workspace <dir>] [--untrusted]\n' +
    '       [--results <file>] [--screenshots <dir>] [--timeout <ms>] [--on-page <module.mjs>] [--keep] [--quiet]');
  process.exit(a.help ? 0 : 2);
}

const abs = (p) => (p ? path.resolve(p) : undefined);
let onPage;
if (a['on-page']) onPage = (await import(pathToFileURL(abs(a['on-page'])).href)).default;

let code = 1;
try {
  const r = await runInCodeServer({
    extensionPath: abs(a.extension),
    testsPath: abs(a.tests),
    workspace: abs(a.workspace),
    trusted: !a.untrusted,
    resultsFile: abs(a.results),
    screenshotDir: abs(a.screenshots),
    timeoutMs: Number(a.timeout),
    onPage,
    keepRunDir: a.keep,
    quiet: a.quiet,
  });
  for (const f of r.failures) console.log(`FAIL ${f.title}\n  ${String(f.message).split('\n').join('\n  ')}`);
  console.log(`e2e run took ${(r.durationMs / 1000).toFixed(1)} s, extension host exit code ${r.exitCode}` +
    (a.keep ? `, logs in ${r.runDir}` : ''));
  code = r.failed === 0 && (r.exitCode === 0 || r.exitCode === null) ? 0 : 1;
  console.log(`e2e: ${r.passed} passed, ${r.failed} failed`);
} catch (err) {
  console.error(err?.stack || err);
  if (err?.results) console.log(`e2e: ${err.results.passed} passed, ${err.results.failed} failed`);
}
process.exit(code);
