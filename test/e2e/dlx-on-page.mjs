// The browser side of the DL Exercises in-editor suite (test/vscode): answers the suite's
// questions about the page as rendered (webview pixels, tree rows, clicks). Protocol, see
// test/vscode/suite/page.ts: the test writes <controlDir>/req-<n>.json, this writes res-<n>.json.
//
//   import { makeOnPage } from './dlx-on-page.mjs';
//   runInCodeServer({ ..., onPage: makeOnPage({ resultsFile, screenshotDir }) });
//
// It stops after the `done` request, or when the results file appears (the suite ended).
import fs from 'node:fs';
import path from 'node:path';
import { findWebviewFrame } from './harness.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const VIEWPORT = { width: 1400, height: 900 };

function writeAtomic(file, value) {
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
  fs.renameSync(`${file}.tmp`, file);
}

async function poll(what, probe, timeoutMs = 30_000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await sleep(everyMs);
  }
}

/**
 * The Experiment panel's frame (the deepest webview frame with the panel's header), optionally
 * the one whose current run (the highlighted row of "Recent runs") is `runId`, in `status`.
 */
async function panelFrame(page, { runId, status, timeoutMs = 30_000 } = {}) {
  return findWebviewFrame(
    page,
    async (frame) =>
      frame.evaluate(
        ({ runId, status }) => {
          const badge = document.querySelector('[data-testid="status"]');
          if (!document.querySelector('[data-testid="exercise"]') || !badge) return false;
          if (runId && document.querySelector('[data-testid="history-row"].current')?.dataset.runId !== runId) return false;
          if (status && badge.dataset.status !== status) return false;
          return true;
        },
        { runId, status },
      ),
    { timeoutMs },
  );
}

/** What the panel's header and current run say. */
function panelHeader(frame) {
  return frame.evaluate(() => ({
    status: document.querySelector('[data-testid="status"]')?.dataset.status ?? '',
    title: (document.querySelector('[data-testid="exercise"]')?.textContent ?? '').trim(),
    runId: document.querySelector('[data-testid="history-row"].current')?.dataset.runId ?? '',
  }));
}

/** Pixels of every visible canvas: drawn at all (alpha) and coloured (a curve, not grey axes). */
function canvasFacts(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('canvas[data-testid]')]
      .filter((c) => c.getClientRects().length > 0)
      .map((c) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        let colored = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue;
          painted++;
          const max = Math.max(data[i], data[i + 1], data[i + 2]);
          const min = Math.min(data[i], data[i + 1], data[i + 2]);
          if (data[i + 3] > 100 && max - min > 60) colored++;
        }
        return { testid: c.dataset.testid, width: c.width, height: c.height, painted, colored };
      }),
  );
}

/** The panel's frame that has `selector`, its Sweep tab selected (when there is a Run tab too). */
async function sweepFrame(page, selector) {
  const frame = await findWebviewFrame(page, selector, { timeoutMs: 45_000 });
  const tab = await frame.$('[data-testid="tab-sweep"]:not([hidden])');
  if (tab) await tab.click();
  return frame;
}

/** canvasFacts once the charts are still: two looks a little apart agree. */
async function settledCanvases(frame) {
  let canvases = await canvasFacts(frame);
  await poll('the charts to settle', async () => {
    await sleep(400);
    const now = await canvasFacts(frame);
    const same = JSON.stringify(now) === JSON.stringify(canvases);
    canvases = now;
    return same;
  }, 10_000, 0);
  return canvases;
}

/** Screenshot of the webview as the workbench shows it, grown so the whole panel fits. */
async function screenshotPanel(page, frame, file) {
  const { scrollHeight, innerHeight } = await frame.evaluate(() => ({ scrollHeight: document.documentElement.scrollHeight, innerHeight: window.innerHeight }));
  const grow = Math.min(2200, Math.max(0, scrollHeight - innerHeight));
  if (grow > 0) {
    await page.setViewportSize({ width: VIEWPORT.width, height: VIEWPORT.height + grow + 8 });
    await sleep(1200); // the webview resizes, the charts redraw
  }
  try {
    const host = frame.parentFrame();
    const element = host && host !== page.mainFrame() ? await host.frameElement() : await frame.frameElement();
    await element.screenshot({ path: file });
  } finally {
    if (grow > 0) await page.setViewportSize(VIEWPORT);
  }
}

/**
 * Rows of the tree/list in the side bar, in the order shown (a list's DOM order is not its
 * order on screen): label text, aria label, tree level, and a test state from its icon.
 */
function sidebarRows(page) {
  return page.$$eval('.part.sidebar .monaco-list-row', (rows) =>
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index)).map((row) => {
      const icon = [...row.querySelectorAll('[class*="codicon-testing-"]')].map((el) => el.className).join(' ');
      const state = /testing-(passed|failed|error|skipped|queued|unset|run)/.exec(icon)?.[1] ?? '';
      // custom tree views: .label-name; the Test Explorer: .label with a span.test-label-description
      let label = row.querySelector('.label-name')?.textContent;
      const testLabel = row.querySelector('.label');
      if (label === undefined && testLabel) {
        const copy = testLabel.cloneNode(true);
        copy.querySelectorAll('.test-label-description').forEach((el) => el.remove());
        label = copy.textContent;
      }
      label = (label ?? '').trim();
      const description = (row.querySelector('.test-label-description, .label-description')?.textContent ?? '').trim();
      return { label, description, aria: row.getAttribute('aria-label') ?? '', text: (row.textContent ?? '').trim(), state, level: Number(row.getAttribute('aria-level') ?? 0) };
    }),
  );
}

/** Opens the Command Palette (F1) and types `text` after its `>`. */
async function openPalette(page, text) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(text);
  await sleep(500); // the list filters
}

function actions({ screenshotDir }) {
  const shot = (name) => path.join(screenshotDir, name);
  /** A CPU profile of the workbench renderer (the webviews share its CDP session), while one is running. */
  let profiling;
  /** Performance counters of the workbench page, while a timed sweep runs. */
  let metering;
  let meteredFrom = {};
  return {
    // ---- diagnostics (DLX_E2E_PROFILE=1): where the editor's time goes during a sweep
    async cpuProfileStart(page) {
      profiling = await page.context().newCDPSession(page);
      await profiling.send('Profiler.enable');
      await profiling.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiling.send('Profiler.start');
      return {};
    },

    async cpuProfileStop(page, { prefix = 'sweep' }) {
      const { profile } = await profiling.send('Profiler.stop');
      const file = shot(`${prefix}-workbench.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      await profiling.detach();
      return { file };
    },

    /**
     * The workbench renderer's own counters (CDP Performance.getMetrics) over a stretch: the time
     * in script, style recalculation and layout, and the whole of its tasks (the rest is paint,
     * raster and the like), in seconds. Cheap enough to take during every timed sweep.
     */
    async pageMetricsStart(page) {
      metering = await page.context().newCDPSession(page);
      await metering.send('Performance.enable');
      meteredFrom = Object.fromEntries((await metering.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      return {};
    },

    async pageMetricsStop() {
      const now = Object.fromEntries((await metering.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      await metering.detach();
      const used = (name) => Number(((now[name] ?? 0) - (meteredFrom[name] ?? 0)).toFixed(3));
      return { taskSeconds: used('TaskDuration'), scriptSeconds: used('ScriptDuration'), styleSeconds: used('RecalcStyleDuration'), layoutSeconds: used('LayoutDuration'), layouts: used('LayoutCount'), styleRecalcs: used('RecalcStyleCount') };
    },

    async treeRows(page, { expect = [] }) {
      const rows = await poll(`tree rows with ${expect.join(', ')}`, async () => {
        const found = (await sidebarRows(page)).map((r) => r.aria);
        return expect.every((title) => found.some((row) => row.includes(title))) ? found : false;
      });
      await page.screenshot({ path: shot('exercises-view.png') });
      return { rows };
    },

    /**
     * The Test Explorer's rows once `expect` show a result. `collapse` folds everything first (a
     * long list scrolls rows out of the DOM); `expand`: the labels to unfold (default: every
     * exercise with a result), to read their checks.
     */
    async testRows(page, { expect = [], state = 'passed', screenshot = 'test-explorer.png', collapse = false, expand }) {
      let rows;
      if (collapse) {
        for (let i = 0; i < 40; i++) {
          const open = await page.$('.part.sidebar .monaco-list-row .monaco-tl-twistie.collapsible:not(.collapsed)');
          if (!open) break;
          await open.click();
          await sleep(150);
        }
      }
      try {
        rows = await poll(`test explorer rows with a result for ${expect.join(', ')}`, async () => {
          // The top rows are packs: open those with a result, so their exercises are rows too.
          const closedPack = await page.$('.part.sidebar .monaco-list-row[aria-level="1"]:has([class*="codicon-testing-passed"], [class*="codicon-testing-failed"], [class*="codicon-testing-error"], [class*="codicon-testing-skipped"]) .monaco-tl-twistie.collapsible.collapsed');
          if (closedPack) {
            await closedPack.click();
            return false;
          }
          const found = await sidebarRows(page);
          return expect.every((title) => found.some((r) => r.label === title && r.state === state)) ? found : false;
        }, 20_000);
        // Expand the exercises with a result: their children are the checks.
        for (let i = 0; i < 10; i++) {
          let twistie;
          for (const row of await page.$$('.part.sidebar .monaco-list-row:has([class*="codicon-testing-passed"], [class*="codicon-testing-failed"], [class*="codicon-testing-error"])')) {
            const closed = await row.$('.monaco-tl-twistie.collapsible.collapsed');
            if (!closed) continue;
            const text = (await row.textContent()) ?? '';
            if (expand && !expand.some((label) => text.trim().startsWith(label))) continue;
            twistie = closed;
            break;
          }
          if (!twistie) break;
          await twistie.click();
          await sleep(300);
        }
        rows = await sidebarRows(page);
      } catch {
        rows = await sidebarRows(page); // answer with what is there: the test's assertion shows it
      }
      await page.screenshot({ path: shot(screenshot) });
      return { rows };
    },

    async inspectPanel(page, { exercise, runId, screenshot }) {
      const frame = await panelFrame(page, { runId, timeoutMs: 45_000 });
      await poll(`the ${exercise} panel to show a verdict`, () =>
        frame.evaluate(() => {
          const verdict = document.querySelector('[data-testid="verdict"]');
          return verdict && !verdict.hidden && document.querySelector('[data-testid="checks"]')?.dataset.state === 'done';
        }),
      );
      const canvases = await settledCanvases(frame);
      const facts = await frame.evaluate(() => {
        const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const verdict = document.querySelector('[data-testid="verdict"]');
        const table = document.querySelector('[data-testid="confusion-matrix"]');
        let confusion;
        if (table && table.getClientRects().length > 0) {
          const cells = [...table.querySelectorAll('[data-testid="confusion-cell"]')];
          const rows = 1 + Math.max(...cells.map((c) => Number(c.dataset.row)));
          const cols = 1 + Math.max(...cells.map((c) => Number(c.dataset.col)));
          const counts = Array.from({ length: rows }, () => Array(cols).fill(0));
          for (const c of cells) counts[Number(c.dataset.row)][Number(c.dataset.col)] = Number(c.dataset.count);
          confusion = { rows, cols, counts, total: cells.reduce((sum, c) => sum + Number(c.dataset.count), 0) };
        }
        const scatter = document.querySelector('[data-testid="scatter-r"]');
        return {
          title: text(document.querySelector('[data-testid="exercise"]')),
          status: document.querySelector('[data-testid="status"]')?.dataset.status ?? '',
          verdict: text(verdict),
          verdictPassed: verdict?.dataset.passed ?? null,
          checks: [...document.querySelectorAll('[data-testid="check"]')].map((li) => ({ passed: li.dataset.passed ?? null, text: text(li) })),
          // the line above the checks (e.g. a verdict the verifier did not confirm)
          checksNotice: text(document.querySelector('[data-testid="checks"] > li.check.pending')) || undefined,
          confusion,
          scatterNote: scatter && scatter.getClientRects().length > 0 ? text(scatter) : undefined,
        };
      });
      const file = shot(screenshot ?? `panel-${exercise}.png`);
      await screenshotPanel(page, frame, file);
      await page.screenshot({ path: shot(`workbench-${exercise}.png`) });
      return { ...facts, canvases, screenshot: file };
    },

    // A function exercise's run (the Function view): its verdict, checks and drawn canvases, and a screenshot.
    async inspectFunction(page, { screenshot }) {
      const frame = await findWebviewFrame(page, '[data-testid="function-view"]', { timeoutMs: 45_000 });
      const tab = await frame.$('[data-testid="tab-function"]:not([hidden])');
      if (tab) await tab.click();
      await poll('the function view to show a verdict', () =>
        frame.evaluate(() => {
          const verdict = document.querySelector('[data-testid="function-verdict"]');
          return verdict && !verdict.hidden && document.querySelector('[data-testid="function-check"]') !== null;
        }), 60_000);
      const canvases = await settledCanvases(frame);
      const facts = await frame.evaluate(() => {
        const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        return {
          title: text(document.querySelector('[data-testid="function-title"]')),
          verdict: text(document.querySelector('[data-testid="function-verdict"]')),
          checks: [...document.querySelectorAll('[data-testid="function-check"]')].map((li) => ({ passed: li.dataset.passed ?? null, text: text(li) })),
          note: text(document.querySelector('[data-testid="function-plot-note"]')),
        };
      });
      const file = shot(screenshot);
      await screenshotPanel(page, frame, file);
      return { ...facts, canvases, screenshot: file };
    },

    /** The text of the panel's elements with these data-testids ('' for one not shown), e.g. the notes or the per-class F1 table. */
    async panelTexts(page, { runId, testids }) {
      const frame = await panelFrame(page, { runId, timeoutMs: 45_000 });
      const texts = await frame.evaluate((ids) => Object.fromEntries(ids.map((id) => {
        const shown = [...document.querySelectorAll(`[data-testid="${id}"]`)].filter((el) => el.getClientRects().length > 0);
        return [id, shown.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()).join(' | ')];
      })), testids);
      return { texts };
    },

    async panelLoaded(page, { timeoutMs = 15_000 }) {
      try {
        await panelFrame(page, { timeoutMs });
        return { loaded: true };
      } catch (error) {
        await page.screenshot({ path: shot(`panel-not-loaded-${Date.now()}.png`) }).catch(() => {});
        return { loaded: false, error: String(error?.message ?? error) };
      }
    },

    /** Clicks the panel element with this testid (a link or a button), once it is on screen. */
    async clickInPanel(page, { testid }) {
      const frame = await findWebviewFrame(page, `[data-testid="${testid}"]:not([hidden])`, { timeoutMs: 30_000 });
      await frame.click(`[data-testid="${testid}"]`, { timeout: 5_000 });
      return { clicked: testid };
    },

    async clickStop(page) {
      const frame = await findWebviewFrame(page, '[data-testid="stop"]:not([hidden])', { timeoutMs: 30_000 });
      // The button is there once the panel replayed the running state.
      await poll('the Stop button', () => frame.evaluate(() => {
        const button = document.querySelector('[data-testid="stop"]');
        return button && !button.hidden && !button.disabled;
      }));
      const clickedAt = Date.now();
      await frame.click('[data-testid="stop"]', { timeout: 5_000 });
      return { clickedAt };
    },

    async panelStatus(page, { runId, status }) {
      const frame = await panelFrame(page, { runId, status, timeoutMs: 15_000 });
      await sleep(500); // a late message from an older run would show by now
      return panelHeader(frame);
    },

    async clickErrorLocation(page, { screenshot = 'panel-syntax-error.png' } = {}) {
      const frame = await findWebviewFrame(page, '[data-testid="error"]:not([hidden]) [data-testid="error-location"]', { timeoutMs: 30_000 });
      const shown = await frame.evaluate(() => ({
        kind: document.querySelector('[data-testid="error"]')?.dataset.kind ?? '',
        message: document.querySelector('[data-testid="error-message"]')?.textContent ?? '',
        location: document.querySelector('[data-testid="error-location"]')?.textContent ?? '',
      }));
      await page.screenshot({ path: shot(screenshot) });
      await frame.click('[data-testid="error-location"]', { timeout: 5_000 });
      return shown;
    },

    async trustBanner(page, { screenshot }) {
      const frame = await findWebviewFrame(page, '[data-testid="trust"]:not([hidden])', { timeoutMs: 30_000 });
      const banner = await frame.evaluate(() => {
        const el = document.querySelector('[data-testid="trust"]');
        return { text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(), hidden: Boolean(el?.hidden) };
      });
      if (screenshot) await screenshotPanel(page, frame, shot(screenshot));
      return banner;
    },

    // ---- sweeps

    async answerPrediction(page, { shape, note, escape }) {
      const input = '.quick-input-widget:not([style*="display: none"]) .quick-input-box input';
      await page.waitForSelector(input, { timeout: 30_000 });
      await poll('the prediction quick pick', () => page.$eval('.quick-input-widget .quick-input-title', (el) => /Hypothesize and commit \(1\/2\)/.test(el.textContent ?? '')));
      await page.screenshot({ path: shot('sweep-prediction-pick.png') });
      if (escape) {
        await page.keyboard.press('Escape');
        return {};
      }
      await page.keyboard.type(shape);
      await sleep(200);
      await page.keyboard.press('Enter');
      await poll('the note box', () => page.$eval('.quick-input-widget .quick-input-title', (el) => /Hypothesize and commit \(2\/2\)/.test(el.textContent ?? '')));
      if (note) await page.keyboard.type(note);
      await page.screenshot({ path: shot('sweep-prediction-note.png') });
      await page.keyboard.press('Enter');
      return {};
    },

    /** Opens a saved sweep from the panel's recent-sweeps table (switching to the Sweep tab first). */
    async showSweep(page, { sweepId }) {
      const frame = await sweepFrame(page, '[data-testid="sweep-history-row"]');
      await frame.click(`[data-testid="sweep-history-row"][data-sweep-id="${sweepId}"]`, { timeout: 10_000 });
      return {};
    },

    async inspectSweep(page, { total, screenshot }) {
      const frame = await sweepFrame(page, '[data-testid="sweep-status"]');
      await poll('the sweep to show as completed', () =>
        frame.evaluate((total) => {
          const status = document.querySelector('[data-testid="sweep-status"]');
          const progress = document.querySelector('[data-testid="sweep-progress"]');
          return status?.dataset.status === 'completed' && Number(progress?.dataset.done) === total && status.getClientRects().length > 0;
        }, total),
      );
      const canvases = await settledCanvases(frame);
      const facts = await frame.evaluate(() => {
        const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const visible = (el) => el && el.getClientRects().length > 0;
        const one = (id) => document.querySelector(`[data-testid="${id}"]`);
        const all = (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].filter(visible);
        const verdict = one('sweep-verdict');
        const fraction = one('sweep-fraction');
        const prediction = one('sweep-prediction');
        const progress = one('sweep-progress');
        return {
          title: text(document.querySelector('.sweep [data-testid="exercise"], [data-testid="sweep-title"]')),
          status: one('sweep-status')?.dataset.status ?? '',
          done: Number(progress?.dataset.done),
          total: Number(progress?.dataset.total),
          verdict: text(verdict),
          verdictPassed: verdict?.dataset.passed ?? null,
          checks: all('sweep-check').map((li) => ({ passed: li.dataset.passed ?? null, text: text(li) })),
          fraction: visible(fraction) ? Number(fraction.dataset.value) : null,
          predictionMatch: prediction?.dataset.match ?? null,
          predictionText: text(prediction),
          backend: text(one('sweep-backend')),
          heatmapCells: all('sweep-heatmap-cell').length,
          tableRows: all('sweep-table-row').length,
          historyRows: all('sweep-history-row').length,
        };
      });
      const file = shot(screenshot);
      await screenshotPanel(page, frame, file);
      return { ...facts, canvases, screenshot: file };
    },

    async compareSweeps(page, { sweepId, screenshot }) {
      const frame = await sweepFrame(page, '[data-testid="sweep-history-row"]');
      await frame.click(`[data-testid="sweep-history-row"][data-sweep-id="${sweepId}"] [data-testid="sweep-compare-button"]`, { timeout: 10_000 });
      await poll('the comparison', () => frame.evaluate(() => document.querySelector('[data-testid="sweep-compare"]')?.getClientRects().length > 0));
      await sleep(500);
      const text = await frame.evaluate(() => (document.querySelector('[data-testid="sweep-compare"]')?.textContent ?? '').replace(/\s+/g, ' ').trim());
      await screenshotPanel(page, frame, shot(screenshot));
      return { text };
    },

    // ---- the learner's first minutes: walkthrough, Command Palette, notifications, status bar

    /** The walkthrough titled `title` as shown: its steps, done or not, and their descriptions' text and bold parts. */
    async walkthrough(page, { title, doneStep, screenshot = 'walkthrough.png' }) {
      const read = () => page.evaluate((title) => {
        const heading = [...document.querySelectorAll('h2.category-title')].find((h) => h.textContent.trim() === title && h.getClientRects().length > 0);
        if (!heading) return undefined;
        return [...document.querySelectorAll('button.getting-started-step')].filter((b) => b.getClientRects().length > 0).map((b) => {
          const description = b.querySelector('.step-description-container');
          return {
            id: (b.dataset.stepId ?? '').split('#').pop(),
            done: b.getAttribute('aria-checked') === 'true',
            title: (b.querySelector('.step-title')?.textContent ?? '').trim(),
            description: (description?.textContent ?? '').replace(/\s+/g, ' ').trim(),
            bold: [...(description?.querySelectorAll('b, strong') ?? [])].map((el) => el.textContent.trim()),
          };
        });
      }, title);
      const steps = await poll(`the walkthrough "${title}"${doneStep ? ` with step ${doneStep} done` : ''}`, async () => {
        const found = await read();
        return found && (!doneStep || found.some((step) => step.id === doneStep && step.done)) ? found : false;
      }, 20_000).catch(async () => (await read()) ?? []);
      await page.screenshot({ path: shot(screenshot) });
      return { steps };
    },

    /**
     * Runs a command from the Command Palette (F1, its title, Enter). With `pick`: waits for the
     * quick pick titled `pickTitle`, holds `holdMs` (a focus change would close it meanwhile),
     * then clicks the item labelled `pick`. `survived`: the quick pick was still open. (Enter's
     * keyup lands on a walkthrough step, which takes the keyboard focus 250 ms later: a learner
     * clicks then.)
     */
    async palette(page, { command, pickTitle, pick, holdMs = 1500, screenshot }) {
      await openPalette(page, command);
      await page.keyboard.press('Enter');
      if (!pickTitle) return {};
      const titled = () => page.evaluate((pickTitle) => {
        const widget = [...document.querySelectorAll('.quick-input-widget')].find((w) => w.style.display !== 'none' && w.getClientRects().length > 0);
        return Boolean(widget && (widget.querySelector('.quick-input-title')?.textContent ?? '').includes(pickTitle));
      }, pickTitle);
      const appeared = await poll(`the quick pick "${pickTitle}"`, titled, 15_000).catch(() => false);
      await sleep(holdMs);
      const survived = appeared && (await titled());
      // The group labels of the list (separators: one per pack in Open Exercise).
      // VS Code draws a separator as a row of its own or as a label on its group's first row.
      const groups = await page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) => rows.map((row) => {
        const asItem = row.querySelector('.quick-input-list-separator-as-item');
        if (asItem) return (asItem.textContent ?? '').trim();
        const label = row.querySelector('.quick-input-list-separator');
        return label && label.style.display !== 'none' ? (label.textContent ?? '').trim() : '';
      }).filter(Boolean));
      if (screenshot) await page.screenshot({ path: shot(screenshot) });
      if (survived) await page.click(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="${pick}"]`, { timeout: 5_000 });
      return { appeared, survived, groups };
    },

    /** The Command Palette's entries for `query` (then closed again). */
    async paletteEntries(page, { query, screenshot }) {
      await openPalette(page, query);
      const entries = await poll(`palette entries for "${query}"`, async () => {
        const rows = await page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) => rows.map((row) => (row.getAttribute('aria-label') ?? '').trim()));
        return rows.length > 0 ? rows : false;
      }, 10_000).catch(() => []);
      if (screenshot) await page.screenshot({ path: shot(screenshot) });
      await page.keyboard.press('Escape');
      return { entries };
    },

    /** The notification toast whose message has `includes`: its text and buttons; clicks `click`. */
    async notification(page, { includes, click, screenshot }) {
      const toast = await poll(`a notification with "${includes}"`, async () => {
        for (const el of await page.$$('.notifications-toasts .notification-toast')) {
          if (((await el.textContent()) ?? '').includes(includes)) return el;
        }
        return false;
      }, 15_000);
      const facts = await toast.evaluate((el) => ({
        message: (el.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
        buttons: [...el.querySelectorAll('.monaco-button')].map((b) => (b.textContent ?? '').trim()).filter(Boolean),
      }));
      if (screenshot) await page.screenshot({ path: shot(screenshot) });
      if (click) await (await toast.$(`.monaco-button:text-is("${click}")`)).click();
      return facts;
    },

    /** While a run trains: the toasts on screen, the status bar item of the run and the panel's epoch counter. */
    async runProgress(page, { includes }) {
      const frame = await findWebviewFrame(page, '[data-testid="status"][data-status="running"]', { timeoutMs: 30_000 });
      await sleep(1000); // a progress toast would be up by now
      const toasts = await page.$$eval('.notifications-toasts .notification-toast', (els) => els.filter((el) => el.getClientRects().length > 0).map((el) => (el.textContent ?? '').trim()));
      const statusBar = await page.$$eval('.part.statusbar .statusbar-item', (els, text) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((t) => t.includes(text)), includes);
      const epoch = await frame.evaluate(() => (document.querySelector('[data-testid="epoch"]')?.textContent ?? '').trim());
      await page.screenshot({ path: shot('run-progress.png') });
      return { toasts, statusBar, epoch };
    },

    /** The status bar items whose text has `includes`: id, text and icons. */
    async statusBar(page, { includes }) {
      const items = await poll(`a status bar item with "${includes}"`, async () => {
        const found = await page.$$eval('.part.statusbar .statusbar-item', (els) => els.map((el) => ({
          id: el.id,
          text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(),
          icons: [...el.querySelectorAll('.codicon')].map((icon) => [...icon.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin') ?? ''),
        })));
        const matching = found.filter((item) => item.text.includes(includes));
        return matching.length > 0 ? matching : false;
      }, 10_000).catch(() => []);
      return { items };
    },

    /** The Exercises view: its message (shown above the rows) and the rows. */
    async exerciseRows(page, { expect = [], screenshot = 'exercises-status.png' }) {
      const rows = await poll(`exercise rows with ${expect.map((e) => `${e.label}: ${e.description}`).join(', ')}`, async () => {
        const found = await sidebarRows(page);
        return expect.every((e) => found.some((row) => row.label === e.label && row.description === e.description)) ? found : false;
      }, 15_000).catch(() => sidebarRows(page));
      const message = await page.$$eval('.part.sidebar .pane-body .message', (els) => els.filter((el) => el.getClientRects().length > 0).map((el) => (el.textContent ?? '').trim()).join(' | '));
      await page.screenshot({ path: shot(screenshot) });
      return { rows, message };
    },

    /** Presses keys (Playwright names, e.g. `Shift+Alt+E`) where the focus is; says where that was. */
    async pressKeys(page, { keys, screenshot }) {
      const focused = await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return `${el?.tagName ?? ''}.${el?.className ?? ''} in ${el?.closest('.editor-instance, .part')?.className ?? ''}`;
      });
      if (screenshot) await page.screenshot({ path: shot(screenshot) });
      for (const key of keys) await page.keyboard.press(key);
      return { focused };
    },

    async done() {
      return {};
    },
  };
}

export function makeOnPage({ resultsFile, screenshotDir }) {
  const handlers = actions({ screenshotDir });
  return async function onPage(page, ctx) {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await page.setViewportSize(VIEWPORT);
    for (let n = 1; ; n++) {
      const requestFile = path.join(ctx.controlDir, `req-${n}.json`);
      while (!fs.existsSync(requestFile)) {
        if (fs.existsSync(resultsFile)) return; // the suite is over
        await sleep(100);
      }
      const request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
      let answer;
      try {
        const handler = handlers[request.action];
        if (!handler) throw new Error(`unknown request ${request.action}`);
        answer = { ok: true, ...(await handler(page, request)) };
      } catch (error) {
        await page.screenshot({ path: path.join(screenshotDir, `failed-${n}-${request.action}.png`) }).catch(() => {});
        answer = { ok: false, error: String(error?.stack ?? error) };
      }
      writeAtomic(path.join(ctx.controlDir, `res-${n}.json`), answer);
      if (request.action === 'done') return;
    }
  };
}
