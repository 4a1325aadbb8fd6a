// Extension-host side of the e2e harness (test/e2e/harness.mjs). CommonJS, no
// dependencies but node's own and the mocha instance you hand it. A test index
// may require this file (by path) or copy the few lines it needs: the contract
// is only the results file described in scripts/README-e2e.md.
//
//   const { runMocha } = require('<repo>/test/e2e/exthost-helpers.cjs');
//   exports.run = () => runMocha(mocha);   // mocha = new Mocha(...) with files added
'use strict';

const fs = require('fs');
const path = require('path');

const ENV = {
  RESULTS: 'DLX_E2E_RESULTS',
  CONTROL_DIR: 'DLX_E2E_CONTROL_DIR',
  ON_PAGE: 'DLX_E2E_ON_PAGE',
};

/** Write the results JSON atomically (tmp file + rename) so the harness never reads half of it. */
function writeResults(data, file = process.env[ENV.RESULTS]) {
  if (!file) return false; // not under the harness (e.g. run by @vscode/test-electron): nothing to do
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
  return true;
}

/**
 * Runs a configured Mocha instance, writes { passed, failed, pending, failures, tests }
 * to $DLX_E2E_RESULTS, and rejects when a test failed (so the extension host exits 1).
 */
function runMocha(mocha, { resultsFile = process.env[ENV.RESULTS] } = {}) {
  const results = { passed: 0, failed: 0, pending: 0, failures: [], tests: [] };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let runner;
    const finish = (err) => {
      if (err) {
        results.failed++;
        results.failures.push({ title: '(test index)', message: String((err && err.stack) || err) });
      }
      results.durationMs = Date.now() - started;
      try {
        writeResults(results, resultsFile);
      } catch (e) {
        reject(e);
        return;
      }
      if (results.failed > 0) reject(new Error(`${results.failed} test(s) failed`));
      else resolve(results);
    };
    try {
      runner = mocha.run(() => finish());
    } catch (err) {
      finish(err);
      return;
    }
    runner.on('pass', (t) => {
      results.passed++;
      results.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('pending', (t) => {
      results.pending++;
      results.tests.push({ title: t.fullTitle(), state: 'pending' });
    });
    runner.on('fail', (t, err) => {
      results.failed++;
      results.failures.push({
        title: t.fullTitle(),
        message: String((err && err.message) || err),
        stack: err && err.stack ? String(err.stack) : undefined,
      });
      results.tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration });
    });
  });
}

/** True when the harness was given an onPage callback (it may send signals). */
function hasOnPage() {
  return process.env[ENV.ON_PAGE] === '1';
}

/** Tell the harness's onPage something happened (it waits with ctx.waitForSignal(name)). */
function signal(name) {
  const dir = process.env[ENV.CONTROL_DIR];
  if (!dir) return false;
  fs.writeFileSync(path.join(dir, name), String(Date.now()));
  return true;
}

/**
 * Wait until onPage calls ctx.signal(name). Resolves false at once when not under
 * the harness or when there is no onPage; rejects after timeoutMs.
 */
async function waitForSignal(name, timeoutMs = 60000) {
  const dir = process.env[ENV.CONTROL_DIR];
  if (!dir || !hasOnPage()) return false;
  const file = path.join(dir, name);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (fs.existsSync(file)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waitForSignal(${name}): no signal from the harness within ${timeoutMs} ms`);
}

module.exports = { ENV, writeResults, runMocha, hasOnPage, signal, waitForSignal };
