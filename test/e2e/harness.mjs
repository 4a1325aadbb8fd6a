// In-editor e2e harness: runs a VS Code extension's test index inside VS Code's
// web client (code-server), driven by Debian's headless Chromium through
// playwright-core. Plain Node ESM, no build step. See scripts/README-e2e.md.
//
//   import { runInCodeServer, findWebviewFrame } from './test/e2e/harness.mjs';
//   const results = await runInCodeServer({ extensionPath, testsPath, ... });
//
// Needs scripts/install-e2e-tools.sh to have run (code-server + chromium).

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleepUnref } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

export const CODE_SERVER_VERSION = '4.100.3';

/** Env var names the extension host sees (code-server passes its env on). */
export const ENV = Object.freeze({
  RESULTS: 'DLX_E2E_RESULTS', // absolute path the test index must write its results JSON to
  CONTROL_DIR: 'DLX_E2E_CONTROL_DIR', // folder for signal files between tests and onPage
  RUN_ID: 'DLX_E2E_RUN_ID', // unique per run; used to find and kill stray processes
  ON_PAGE: 'DLX_E2E_ON_PAGE', // '1' when the caller passed onPage (so waiting for its signals makes sense)
});

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Not '--disable-crashpad-for-testing': with it page.goto fails (net::ERR_ABORTED).
  // The two chrome_crashpad_handler processes it would avoid setsid() out of the
  // browser's process group; they exit by themselves after the browser and carry
  // our run-id env var, so the final sweep gets them if they don't.
];

export function defaultCodeServerBin() {
  if (process.env.DLX_CODE_SERVER_BIN) return process.env.DLX_CODE_SERVER_BIN;
  const tools = process.env.DLX_TOOLS_DIR || path.join(os.homedir(), '.cache', 'dlx-tools');
  return path.join(tools, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// For Promise.race deadlines: an unref'd timer doesn't keep node alive after the run.
const deadlineSleep = (ms) => sleepUnref(Math.max(0, ms), undefined, { ref: false });

// Workbench chatter that also arrives through codeAutomationLog; everything else
// there is (mostly) the extension host's console, i.e. the test reporter.
const WORKBENCH_NOISE = [
  /connection token/,
  /^Creating a socket/,
  /^Creation of workbench contribution/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore/,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED|EAI_AGAIN/,
  /^Overwriting extension/,
  /^Started local extension host/,
  /^\[(Extension Host|LocalProcess)\] /,
  /Ignoring the error while validating workspace folder/,
  /^Extension host \(.*\) is (unresponsive|responsive)/,
  /^Unable to resolve nonexistent file '.*\/workspaceStorage\/.*\/testResults'/, // Test Explorer results, first save
];

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PIDs of live processes whose environment holds NAME=value (Linux /proc). */
function pidsWithEnv(name, value) {
  const needle = Buffer.from(`${name}=${value}\0`);
  const out = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`);
      if (env.includes(needle)) out.push(pid);
    } catch {
      /* gone or not ours */
    }
  }
  return out;
}

/** SIGTERM a process group, wait, then SIGKILL it. */
async function killGroup(pgid, graceMs = 3000) {
  if (!pgid) return;
  const signalGroup = (sig) => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const end = Date.now() + graceMs;
  while (Date.now() < end) {
    if (!signalGroup(0)) return; // no process left in the group
    await sleep(100);
  }
  signalGroup('SIGKILL');
}

function frameDepth(frame) {
  let d = 0;
  for (let f = frame.parentFrame(); f; f = f.parentFrame()) d++;
  return d;
}

/**
 * True for the frames VS Code uses for webviews. Frame tree in code-server 4.100:
 *   0 workbench page
 *   1 .../static/out/vs/workbench/contrib/webview/browser/pre/index.html?id=...  (webview host, one per webview)
 *   2 .../static/out/vs/workbench/contrib/webview/browser/pre/fake.html?id=...   (the extension's HTML)
 * plus, at depth 1, .../services/extensions/worker/webWorkerExtensionHostIframe.html (not a webview).
 */
export function isWebviewFrame(frame) {
  return /\/contrib\/webview\/browser\/pre\//.test(frame.url());
}

/**
 * Finds the innermost webview content frame matching `predicate`.
 * - predicate: a CSS selector (string) that must exist in the frame, or an
 *   async (frame) => boolean.
 * - opts.timeoutMs (default 30000): how long to keep polling (webviews load late).
 * - opts.allFrames: consider every frame, not only webview frames.
 * Returns the Playwright Frame (deepest match first); throws on timeout with the frame tree.
 */
export async function findWebviewFrame(page, predicate, { timeoutMs = 30000, pollMs = 250, allFrames = false } = {}) {
  const test =
    typeof predicate === 'function'
      ? predicate
      : async (frame) => (await frame.$(predicate).catch(() => null)) !== null;
  const end = Date.now() + timeoutMs;
  for (;;) {
    const frames = page
      .frames()
      .filter((f) => f !== page.mainFrame() && !f.isDetached() && (allFrames || isWebviewFrame(f)))
      .sort((a, b) => frameDepth(b) - frameDepth(a));
    for (const frame of frames) {
      try {
        if (await test(frame)) return frame;
      } catch {
        /* frame navigated or detached meanwhile */
      }
    }
    if (Date.now() > end) {
      const seen = page.frames().map((f) => `  ${'  '.repeat(frameDepth(f))}${f.url().slice(0, 140)}`);
      throw new Error(`findWebviewFrame: no frame matched ${String(predicate)} within ${timeoutMs} ms; frames:\n${seen.join('\n')}`);
    }
    await sleep(pollMs);
  }
}

/**
 * Runs an extension test index inside code-server + headless Chromium.
 *
 * @param {object} o
 * @param {string} o.extensionPath   absolute folder of the extension under test (its package.json)
 * @param {string} o.testsPath       absolute path of the compiled test index (module exporting run())
 * @param {string} [o.workspace]     folder to open (default: a fresh empty temp folder)
 * @param {boolean} [o.trusted=true] false: no --disable-workspace-trust, so the folder is in Restricted Mode
 * @param {string} [o.resultsFile]   where the test index writes results (default: <runDir>/results.json);
 *                                   passed to the extension host as env DLX_E2E_RESULTS
 * @param {string} [o.screenshotDir] created if given; a `workbench-final.png` is saved there at the end
 *                                   (and `workbench-failure.png` on error); also handed to onPage via ctx
 * @param {number} [o.timeoutMs=180000] whole run (server start to results)
 * @param {(page, ctx) => Promise<void>} [o.onPage] called once the workbench is up, while the tests run;
 *        ctx = { runDir, controlDir, screenshotDir, port, signal(name), waitForSignal(name, timeoutMs) }.
 *        The run ends when both the results file exists and onPage has settled.
 * @param {object} [o.env]           extra env for code-server (and so the extension host)
 * @param {object} [o.settings]      extra user settings (settings.json) for the throw-away profile
 * @param {string} [o.codeServerBin] default $DLX_CODE_SERVER_BIN or the tools dir of install-e2e-tools.sh
 * @param {string} [o.chromiumPath]  default $DLX_CHROMIUM_BIN or /usr/bin/chromium
 * @param {boolean} [o.quiet=false]  don't echo the extension host's console (test output) to stdout
 * @param {boolean} [o.keepRunDir=false] keep the temp run folder (logs, profile) even on success
 * @returns {Promise<{passed:number, failed:number, failures:{title:string,message:string}[], exitCode:number|null, durationMs:number, runDir:string, resultsFile:string, [k:string]:any}>}
 */
export async function runInCodeServer(o) {
  const t0 = Date.now();
  const {
    extensionPath,
    testsPath,
    trusted = true,
    timeoutMs = 180_000,
    onPage,
    env: extraEnv = {},
    settings = {},
    codeServerBin = defaultCodeServerBin(),
    chromiumPath = process.env.DLX_CHROMIUM_BIN || '/usr/bin/chromium',
    quiet = false,
    keepRunDir = false,
  } = o;
  if (!extensionPath || !path.isAbsolute(extensionPath)) throw new Error('extensionPath must be an absolute path');
  if (!testsPath || !path.isAbsolute(testsPath)) throw new Error('testsPath must be an absolute path');
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) throw new Error(`no package.json in ${extensionPath}`);
  if (!fs.existsSync(testsPath) && !fs.existsSync(`${testsPath}.js`)) throw new Error(`test index not found: ${testsPath}`);
  if (!fs.existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}: run scripts/install-e2e-tools.sh (or set DLX_CODE_SERVER_BIN)`);
  }
  if (!fs.existsSync(chromiumPath)) throw new Error(`chromium not found at ${chromiumPath}: run scripts/install-e2e-tools.sh`);

  const runId = randomUUID();
  const runDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dlx-e2e-'));
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  const controlDir = path.join(runDir, 'control');
  const serverLog = path.join(runDir, 'code-server.log');
  const consoleLog = path.join(runDir, 'browser-console.log');
  const workspace = o.workspace ?? path.join(runDir, 'workspace');
  const resultsFile = path.resolve(o.resultsFile ?? path.join(runDir, 'results.json'));
  const screenshotDir = o.screenshotDir ? path.resolve(o.screenshotDir) : undefined;
  for (const d of [userDataDir, path.join(userDataDir, 'User'), extensionsDir, controlDir, workspace, path.dirname(resultsFile)]) {
    await fsp.mkdir(d, { recursive: true });
  }
  if (screenshotDir) await fsp.mkdir(screenshotDir, { recursive: true });
  await fsp.rm(resultsFile, { force: true }); // never read a stale file from an earlier run
  await fsp.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.emptyWindow': false,
        ...settings,
      },
      null,
      2,
    ),
  );
  const configFile = path.join(runDir, 'code-server-config.yaml');
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(p).pathname}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const ctx = {
    runDir,
    controlDir,
    screenshotDir,
    port,
    url,
    signal: (name) => fs.writeFileSync(path.join(controlDir, name), String(Date.now())),
    waitForSignal: async (name, ms = 60_000) => {
      const f = path.join(controlDir, name);
      const end = Date.now() + ms;
      while (Date.now() < end) {
        if (fs.existsSync(f)) return true;
        await sleep(100);
      }
      throw new Error(`waitForSignal(${name}): not signalled within ${ms} ms`);
    },
  };

  // Env for code-server: the extension host is forked from it and inherits all of it.
  const serverEnv = { ...process.env };
  // Inside a VS Code/code-server terminal these make code-server open the folder in
  // the *existing* instance and exit instead of starting a server.
  for (const k of Object.keys(serverEnv)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete serverEnv[k];
  delete serverEnv.PASSWORD;
  delete serverEnv.HASHED_PASSWORD;
  // code-server's wrapper keeps coder-logs/ and a heartbeat file in $XDG_DATA_HOME/code-server
  // (and would create ~/.config/code-server/config.yaml without --config): keep them in the run folder.
  serverEnv.XDG_DATA_HOME = path.join(runDir, 'xdg-data');
  serverEnv.XDG_CONFIG_HOME = path.join(runDir, 'xdg-config');
  Object.assign(serverEnv, extraEnv, {
    [ENV.RESULTS]: resultsFile,
    [ENV.CONTROL_DIR]: controlDir,
    [ENV.RUN_ID]: runId,
    [ENV.ON_PAGE]: onPage ? '1' : '0',
  });

  const serverArgs = [
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(trusted ? ['--disable-workspace-trust'] : []),
    workspace,
  ];

  const say = (msg) => {
    if (!quiet) process.stdout.write(`[e2e] ${msg}\n`);
  };
  const logFd = fs.openSync(serverLog, 'a');
  const consoleStream = fs.createWriteStream(consoleLog, { flags: 'a' });

  let server;
  let browserPid;
  let browserServer;
  let browser;
  let exitCode = null;
  let serverExited = null;
  let pageError = null;
  let failed = true;

  // If this process dies mid-run (Ctrl-C, CI timeout's SIGTERM, process.exit) the
  // finally below never runs, and code-server (detached) would live on: kill
  // everything synchronously from 'exit' and the usual signals.
  const emergencyKill = () => {
    for (const pg of [server?.pid, browserPid]) {
      if (!pg) continue;
      try {
        process.kill(-pg, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    for (const pid of pidsWithEnv(ENV.RUN_ID, runId)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  const onSignal = (sig) => {
    emergencyKill();
    process.exit(128 + (os.constants.signals[sig] || 1));
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  process.on('exit', emergencyKill);
  for (const sig of signals) process.on(sig, onSignal);

  try {
    // ---- code-server (own process group: detached => pgid = pid)
    server = spawn(codeServerBin, serverArgs, {
      cwd: runDir,
      env: serverEnv,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    server.on('exit', (code, sig) => {
      serverExited = { code, sig };
    });
    server.on('error', (e) => {
      serverExited = { error: String(e) }; // e.g. EACCES/ENOENT: not a runnable code-server
    });
    say(`code-server pid ${server.pid} on ${origin} (logs: ${serverLog})`);

    const deadline = t0 + timeoutMs;
    const remaining = () => deadline - Date.now();
    const checkServer = () => {
      if (serverExited) throw new Error(`code-server exited early (${JSON.stringify(serverExited)})`);
    };

    // ---- wait until it answers /healthz
    for (;;) {
      checkServer();
      if (remaining() <= 0) throw new Error('timed out waiting for code-server to listen');
      try {
        const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) break;
      } catch {
        /* not yet */
      }
      await sleep(200);
    }
    say(`code-server up after ${Date.now() - t0} ms`);

    // ---- chromium (launchServer => we get its PID; playwright spawns it detached too)
    browserServer = await chromium.launchServer({
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      env: { ...process.env, [ENV.RUN_ID]: runId },
      timeout: Math.max(10_000, remaining()),
    });
    browserPid = browserServer.process()?.pid;
    browser = await chromium.connect(browserServer.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();

    // VS Code's web workbench calls window.codeAutomationExit(code, logs) once the
    // extension host has run the test index and exited; codeAutomationLog gets its logs.
    const exited = new Promise((resolve) => {
      page
        .exposeFunction('codeAutomationExit', (code, logs) => {
          exitCode = code;
          if (Array.isArray(logs)) {
            // [{ relativePath, contents }] of the workbench's log files: keep them with the run.
            const dir = path.join(runDir, 'workbench-logs');
            for (const l of logs) {
              try {
                const f = path.join(dir, String(l.relativePath).replace(/\.\.+/g, '_'));
                fs.mkdirSync(path.dirname(f), { recursive: true });
                fs.writeFileSync(f, l.contents ?? '');
              } catch {
                /* best effort */
              }
            }
          }
          resolve(code);
        })
        .catch(() => {});
    });
    // While tests run (extensionTestsPath set), the workbench sends the extension
    // host's console (the mocha reporter) to its log service *without* a marker, and
    // the log service goes to window.codeAutomationLog(level, [fmt, ...args]).
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      let text;
      try {
        text = Array.isArray(args) ? format(...args) : String(args);
      } catch {
        text = String(args);
      }
      consoleStream.write(`[log ${level}] ${text}\n`);
      if (level !== 'trace' && level !== 'debug' && !WORKBENCH_NOISE.some((re) => re.test(text))) {
        for (const line of text.split('\n')) say(`| ${line}`);
      }
    });
    page.on('console', (m) => consoleStream.write(`[console ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => consoleStream.write(`[pageerror] ${e.stack || e}\n`));
    page.on('crash', () => {
      pageError = new Error('page crashed');
    });

    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.max(5000, remaining()) });
    // The workbench is up when its parts exist; .monaco-workbench alone shows up early.
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: Math.max(5000, remaining()) });
    say(`workbench up after ${Date.now() - t0} ms`);

    let onPageDone = Promise.resolve();
    let onPageErr = null;
    if (onPage) {
      onPageDone = Promise.resolve()
        .then(() => onPage(page, ctx))
        .catch((e) => {
          onPageErr = e;
        });
    }

    // ---- wait for the results file (written by the test index)
    let results = null;
    for (;;) {
      if (pageError) throw pageError;
      checkServer();
      if (fs.existsSync(resultsFile)) {
        try {
          results = JSON.parse(await fsp.readFile(resultsFile, 'utf8'));
          break;
        } catch {
          /* half written (writer didn't rename atomically): retry */
        }
      }
      if (exitCode !== null && !results) {
        // Extension host is gone: give a late writer a moment, then give up.
        await sleep(1000);
        if (fs.existsSync(resultsFile)) continue;
        throw new Error(`extension host exited with code ${exitCode} without writing ${resultsFile}`);
      }
      if (remaining() <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${resultsFile}`);
      await sleep(250);
    }
    // Exit code comes right after run() settles; wait for it a little.
    await Promise.race([exited, deadlineSleep(Math.min(15_000, remaining()))]);
    await Promise.race([
      onPageDone,
      deadlineSleep(remaining()).then(() => {
        onPageErr = onPageErr || new Error(`onPage still running when the ${timeoutMs} ms timeout hit`);
      }),
    ]);
    if (screenshotDir) await page.screenshot({ path: path.join(screenshotDir, 'workbench-final.png') }).catch(() => {});
    say(`done after ${Date.now() - t0} ms: ${results.passed} passed, ${results.failed} failed, exit code ${exitCode}`);

    const out = {
      ...results,
      passed: Number(results.passed) || 0,
      failed: Number(results.failed) || 0,
      failures: Array.isArray(results.failures) ? results.failures : [],
      exitCode,
      durationMs: Date.now() - t0,
      runDir,
      resultsFile,
    };
    if (onPageErr) {
      onPageErr.results = out;
      throw onPageErr;
    }
    failed = out.failed > 0;
    return out;
  } catch (err) {
    if (browser && screenshotDir) {
      const pg = browser.contexts()[0]?.pages()[0];
      if (pg) await pg.screenshot({ path: path.join(screenshotDir, 'workbench-failure.png') }).catch(() => {});
    }
    // A new Error: node prints err.stack, which was fixed when err was made.
    const wrapped = new Error(
      `${err?.message ?? err}` +
        `\n--- code-server log (tail of ${serverLog}) ---\n${tail(serverLog)}` +
        `\n--- workbench/extension host log (tail of ${consoleLog}) ---\n${tail(consoleLog, 30)}` +
        `\n(run folder kept: ${runDir})`,
      { cause: err },
    );
    if (err?.results) wrapped.results = err.results;
    throw wrapped;
  } finally {
    // ---- teardown: browser, then the whole code-server group, then anything tagged with our run id
    if (browser) await Promise.race([browser.close().catch(() => {}), deadlineSleep(5000)]);
    if (browserServer) {
      await Promise.race([browserServer.close().catch(() => {}), deadlineSleep(5000)]);
      if (browserPid && isAlive(browserPid)) await killGroup(browserPid, 1000);
    }
    if (server?.pid) await killGroup(server.pid);
    for (let i = 0; i < 3; i++) {
      const strays = pidsWithEnv(ENV.RUN_ID, runId);
      if (!strays.length) break;
      say(`killing ${strays.length} stray process(es) tagged with this run: ${strays.join(' ')}`);
      for (const pid of strays) {
        try {
          process.kill(pid, i === 0 ? 'SIGTERM' : 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await sleep(500);
    }
    process.off('exit', emergencyKill);
    for (const sig of signals) process.off(sig, onSignal);
    fs.closeSync(logFd);
    consoleStream.end();
    if (!failed && !keepRunDir) {
      await fsp.rm(runDir, { recursive: true, force: true }).catch(() => {});
    }
  }
}
