import * as assert from 'node:assert/strict';
import { isHostToPanel, isPanelToHost, type HostToPanel } from '../../src/shared/panelProtocol';
import { MAX_LOG_LINE_CHARS, MAX_LOG_LINES, MAX_STORED_EPOCHS, emptySnapshot, reduceRun, resumableAfter } from '../../src/shared/runState';
import { foldRun as fold, startRun as start, epochs, result } from './fixtures';

describe('reduceRun', () => {
  it('starts a running snapshot from runStarted', () => {
    const s = reduceRun(undefined, start());
    assert.equal(s.runId, 'r1');
    assert.equal(s.status, 'running');
    assert.equal(s.startedAt, 1_700_000_000_000);
    assert.equal(s.learnerFile, '/w/many-qwerties.ts');
    assert.equal(s.run?.exercise, 'many-qwerties');
    assert.deepEqual(s.epochs, []);
    assert.equal(s.epochStride, 1);
    assert.equal(s.latest, undefined);
  });

  it('accumulates progress batches in order without mutating its input', () => {
    const s = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 3) }, { type: 'progress', runId: 'r1', epochs: epochs(4, 5) }]);
    assert.deepEqual(s.epochs.map((e) => e.epoch), [1, 2, 3, 4, 5]);
    assert.equal(s.latest?.epoch, 5);
    assert.equal(s.latest?.train.loss, 0.2);
  });

  it('ignores epochs it already has (a repeated or overlapping batch)', () => {
    const once = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 3) }]);
    const again = reduceRun(once, { type: 'progress', runId: 'r1', epochs: epochs(2, 4) });
    assert.deepEqual(again.epochs.map((e) => e.epoch), [1, 2, 3, 4]);
    assert.equal(reduceRun(again, { type: 'progress', runId: 'r1', epochs: epochs(1, 4) }), again, 'nothing new: same object');
    assert.equal(reduceRun(again, { type: 'progress', runId: 'r1', epochs: [] }), again);
  });

  it('keeps unchanged parts identical, so the view can skip them', () => {
    const a = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 2) }]);
    const b = reduceRun(a, { type: 'log', runId: 'r1', text: 'hi' });
    assert.equal(b.epochs, a.epochs);
    assert.equal(b.run, a.run);
    const c = reduceRun(b, { type: 'progress', runId: 'r1', epochs: epochs(3, 3) });
    assert.equal(c.logs, b.logs);
    assert.notEqual(c.epochs, b.epochs);
  });

  it('splits log text into lines and drops a trailing newline', () => {
    const s = fold([start(), { type: 'log', runId: 'r1', text: 'a\nb\r\nc\n' }, { type: 'log', runId: 'r1', text: '' }]);
    assert.deepEqual(s.logs, ['a', 'b', 'c', '']);
    assert.equal(s.droppedLogLines, 0);
  });

  it(`keeps the last ${MAX_LOG_LINES} log lines and counts the dropped ones`, () => {
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `line ${from + i}`).join('\n');
    const s = fold([start(), { type: 'log', runId: 'r1', text: lines(1, 150) }, { type: 'log', runId: 'r1', text: lines(151, 100) }]);
    assert.equal(s.logs.length, 200);
    assert.equal(s.logs[0], 'line 51');
    assert.equal(s.logs[199], 'line 250');
    assert.equal(s.droppedLogLines, 50);
  });

  it('cuts very long log lines', () => {
    const s = reduceRun(undefined, { type: 'log', runId: 'r1', text: 'x'.repeat(MAX_LOG_LINE_CHARS + 10) });
    assert.equal(s.logs[0].length, MAX_LOG_LINE_CHARS);
    assert.ok(s.logs[0].endsWith('…'));
  });

  it('takes the status from the result, then ignores later progress and endings but keeps logs', () => {
    const finished = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, 2) }, { type: 'finished', runId: 'r1', result: result({ status: 'diverged' }) }]);
    assert.equal(finished.status, 'diverged');
    assert.equal(finished.result?.checks.length, 4);
    assert.equal(reduceRun(finished, { type: 'progress', runId: 'r1', epochs: epochs(3, 4) }), finished);
    assert.equal(reduceRun(finished, { type: 'failed', runId: 'r1', error: { kind: 'crash', message: 'late' } }), finished);
    const logged = reduceRun(finished, { type: 'log', runId: 'r1', text: 'bye' });
    assert.deepEqual(logged.logs, ['bye']);
    assert.equal(logged.status, 'diverged');
  });

  it('a stopped run is stopped', () => {
    assert.equal(fold([start(), { type: 'finished', runId: 'r1', result: result({ status: 'stopped' }) }]).status, 'stopped');
  });

  it('records a failure that comes before runStarted, with the logs printed before it', () => {
    const s = fold([
      { type: 'log', runId: 'r9', text: 'building the model' },
      { type: 'failed', runId: 'r9', error: { kind: 'syntax', message: 'Unexpected token', location: { file: '/w/a.ts', line: 3, column: 7 } } },
    ]);
    assert.equal(s.status, 'failed');
    assert.equal(s.run, undefined);
    assert.equal(s.startedAt, undefined);
    assert.equal(s.error?.kind, 'syntax');
    assert.deepEqual(s.logs, ['building the model']);
  });

  it('keeps logs that arrive before runStarted of the same run', () => {
    const s = fold([{ type: 'log', runId: 'r1', text: 'top-level print' }, start()]);
    assert.deepEqual(s.logs, ['top-level print']);
    assert.equal(s.status, 'running');
  });

  it('starts over for a new run id', () => {
    const old = fold([start('r1'), { type: 'progress', runId: 'r1', epochs: epochs(1, 5) }, { type: 'log', runId: 'r1', text: 'old' }]);
    const s = reduceRun(old, start('r2'));
    assert.equal(s.runId, 'r2');
    assert.deepEqual(s.epochs, []);
    assert.deepEqual(s.logs, []);
    assert.equal(s.status, 'running');
  });

  it('replay replaces the state; history and trust leave it alone', () => {
    const a = fold([start()]);
    const other = { ...emptySnapshot('r5'), status: 'completed' as const };
    assert.equal(reduceRun(a, { type: 'replay', state: other }), other);
    assert.equal(reduceRun(a, { type: 'replay', state: null }), undefined);
    assert.equal(reduceRun(a, { type: 'history', runs: [] }), a);
    assert.equal(reduceRun(a, { type: 'trust', trusted: false }), a);
    assert.equal(reduceRun(undefined, { type: 'trust', trusted: true }), undefined);
  });

  it(`thins long runs to at most ${MAX_STORED_EPOCHS} stored epochs, keeping the latest apart`, () => {
    const s = fold([start(), { type: 'progress', runId: 'r1', epochs: epochs(1, MAX_STORED_EPOCHS + 1) }]);
    assert.equal(s.epochStride, 2);
    assert.equal(s.epochs.length, MAX_STORED_EPOCHS / 2 + 1);
    assert.deepEqual(s.epochs.slice(0, 3).map((e) => e.epoch), [1, 3, 5]);
    assert.equal(s.epochs[s.epochs.length - 1].epoch, MAX_STORED_EPOCHS + 1);
    const more = reduceRun(s, { type: 'progress', runId: 'r1', epochs: epochs(MAX_STORED_EPOCHS + 2, MAX_STORED_EPOCHS + 4) });
    assert.deepEqual(more.epochs.slice(-2).map((e) => e.epoch), [MAX_STORED_EPOCHS + 1, MAX_STORED_EPOCHS + 3]);
    assert.equal(more.latest?.epoch, MAX_STORED_EPOCHS + 4);
  });
});

describe('panel protocol guards', () => {
  it('accepts host messages by type', () => {
    const ok: HostToPanel = { type: 'trust', trusted: true };
    assert.ok(isHostToPanel(ok));
    assert.ok(!isHostToPanel({ type: 'started' }));
    assert.ok(!isHostToPanel(null));
    assert.ok(!isHostToPanel('progress'));
  });

  it('checks openFile fields from the webview', () => {
    assert.ok(isPanelToHost({ type: 'ready' }));
    assert.ok(isPanelToHost({ type: 'openFile', file: '/w/a.ts', line: 3, column: 1 }));
    assert.ok(isPanelToHost({ type: 'openFile', file: '/w/a.ts' }));
    assert.ok(!isPanelToHost({ type: 'openFile', file: '' }));
    assert.ok(!isPanelToHost({ type: 'openFile', file: '/w/a.ts', line: 0 }));
    assert.ok(!isPanelToHost({ type: 'openFile', file: '/w/a.ts', line: '3' }));
    assert.ok(!isPanelToHost({ type: 'runStarted' }));
  });

  it('checks the guidance messages: a check index, a step, a revealed hint\'s position', () => {
    assert.ok(isPanelToHost({ type: 'showHint' }));
    assert.ok(isPanelToHost({ type: 'showHint', check: 0 }));
    assert.ok(!isPanelToHost({ type: 'showHint', check: -1 }));
    assert.ok(!isPanelToHost({ type: 'showHint', check: '1' }));
    assert.ok(isPanelToHost({ type: 'openStep', step: 2 }));
    assert.ok(!isPanelToHost({ type: 'openStep', step: 1.5 }));
    assert.ok(isPanelToHost({ type: 'insertHint', hint: 0 }));
    assert.ok(!isPanelToHost({ type: 'insertHint' }));
    assert.ok(isHostToPanel({ type: 'guidance', guidance: null }));
  });

  it('checks openInstructions names a learner file', () => {
    assert.ok(isPanelToHost({ type: 'openInstructions', file: '/w/a.ts' }));
    assert.ok(!isPanelToHost({ type: 'openInstructions' }));
    assert.ok(!isPanelToHost({ type: 'openInstructions', file: '' }));
    assert.ok(!isPanelToHost({ type: 'openInstructions', file: 3 }));
  });

  it('checks resume carries a run id', () => {
    assert.ok(isPanelToHost({ type: 'resume', runId: 'abc' }));
    assert.ok(!isPanelToHost({ type: 'resume' }));
  });

  it('a stopped run with a last checkpoint can be resumed after its epoch; a completed one, or one without checkpoints, cannot', () => {
    const stopped = { ...emptySnapshot('r'), status: 'stopped' as const };
    assert.equal(resumableAfter({ ...stopped, result: result({ status: 'stopped', checkpoints: { last: { epoch: 50 } } }) }), 50);
    assert.equal(resumableAfter({ ...stopped, result: result({ status: 'stopped' }) }), undefined);
    assert.equal(resumableAfter({ ...stopped, status: 'completed', result: result({ checkpoints: { last: { epoch: 50 } } }) }), undefined);
    assert.equal(resumableAfter(undefined), undefined);
  });

  it('checks showRun carries a run id', () => {
    assert.ok(isPanelToHost({ type: 'showRun', runId: 'abc' }));
    assert.ok(!isPanelToHost({ type: 'showRun' }));
    assert.ok(!isPanelToHost({ type: 'showRun', runId: 3 }));
  });
});
