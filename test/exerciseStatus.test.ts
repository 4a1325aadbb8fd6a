// The one rule for an exercise's status (src/extension/exerciseStatus.ts) and its record in
// .dlx/progress.json: the latest verdict, with "passed before" kept.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exercise } from '../src/engine/pack';
import type { SweepResult } from '../src/engine/sweep';
import { describeStatus, functionVerdict, overallProgress, pendingPrerequisites, runVerdict, sectionProgress, statusFromProgress, sweepVerdict, verdictMessage } from '../src/extension/exerciseStatus';
import { RunStore } from '../src/host/runStore';
import type { PanelSnapshot } from '../src/shared/panelProtocol';
import type { RunResult } from '../src/engine/results';
import { tempDir } from './helpers/fixtures';

const single = { id: 'many-qwerties', sweepChecks: [] } as unknown as Exercise;
const sweepExercise = { id: 'learning-rates', sweepChecks: [{ kind: 'sweepVaries' }] } as unknown as Exercise;
const check = (passed: boolean) => ({ name: 'three qwerty clusters', passed, message: passed ? 'The data has 3 classes.' : 'The data has 2 classes.' });

function snapshot(result?: Partial<RunResult>, error?: PanelSnapshot['error']): PanelSnapshot {
  return {
    runId: 'r1', status: result ? (result.status ?? 'completed') : 'failed', epochs: [], epochStride: 1, logs: [], droppedLogLines: 0,
    ...(result ? { result: { status: 'completed', wallMs: 12, ...result } as RunResult } : {}),
    ...(error ? { error } : {}),
  };
}

const VERIFIED = { state: 'verified', reason: 'recomputed' } as const;
const UNVERIFIED = { state: 'unverified', reason: 'forward(x) does more than a dense stack after layer 1' } as const;

describe('exercise status', () => {
  it('a verdict says what it rests on: "passed (verified)", "passed (unverified: why)", failed checks with a mismatch', () => {
    const verdict = runVerdict(single, snapshot({ passed: true, checks: [check(true)], verification: UNVERIFIED }))!;
    assert.deepEqual(verdict.verification, UNVERIFIED);
    assert.equal(verdictMessage(verdict), 'passed (unverified: forward(x) does more than a dense stack after layer 1).');
    assert.equal(verdictMessage({ state: 'passing', checks: [check(true)], verification: VERIFIED }), 'passed (verified).');
    const mismatch = { state: 'mismatch', reason: 'the reported results do not match the trained model: train accuracy reported 100.0%, the model gives 33.3%' } as const;
    assert.equal(verdictMessage({ state: 'failing', checks: [check(true), check(false)], verification: mismatch }), `1 of 2 checks failed (mismatch: ${mismatch.reason}).`);
    assert.equal(verdictMessage({ state: 'passing', checks: [check(true)] }), 'passed (unverified: recorded before runs were verified).');
    const advice = [{ rule: 'stillLearning' as const, text: 'The training loss was still falling.' }];
    assert.equal(verdictMessage({ state: 'failing', checks: [check(false)], verification: VERIFIED, advice }), '1 of 1 checks failed (verified).\nTry next: The training loss was still falling.');
    assert.deepEqual(runVerdict(single, snapshot({ passed: false, checks: [check(false)], advice }))?.advice, advice, 'a run\'s advice reaches the Test Explorer');
    assert.equal(sweepVerdict(sweepExercise, { status: 'completed', wallMs: 5, passed: true, checks: [check(true)] } as SweepResult)!.verification!.state, 'unverified');
  });

  it('a run: passed or failed by its checks, error without a result; a stopped run says nothing', () => {
    assert.deepEqual(runVerdict(single, snapshot({ passed: true, checks: [check(true)] })), { state: 'passing', checks: [check(true)], wallMs: 12, metrics: undefined, epochs: [] });
    assert.equal(runVerdict(single, snapshot({ passed: false, checks: [check(false)] }))?.state, 'failing');
    const error = { kind: 'syntax' as const, message: 'Expected "]"', location: { file: '/w/many-qwerties.ts', line: 9, column: 21 } };
    assert.deepEqual(runVerdict(single, snapshot(undefined, error)), { state: 'error', error });
    assert.equal(runVerdict(single, snapshot({ status: 'stopped', passed: false, checks: [check(false)] })), undefined);
  });

  it('a run of an unchanged starter is not attempted, not failing: in the verdict, progress.json and the view', () => {
    assert.equal(runVerdict(single, snapshot({ passed: false, checks: [check(false)] }), true)?.state, 'notAttempted');
    assert.equal(sweepVerdict(sweepExercise, { status: 'completed', wallMs: 5, passed: false, checks: [check(false)] } as SweepResult, true)?.state, 'notAttempted');
    const store = new RunStore(tempDir());
    store.recordStatus('many-qwerties', 'notAttempted');
    assert.deepEqual(describeStatus(statusFromProgress(store.progress()['many-qwerties'])), { text: 'not attempted', look: 'new' });
  });

  it('a sweep exercise is judged by its sweeps, not by one run of it', () => {
    assert.equal(runVerdict(sweepExercise, snapshot({ passed: true, checks: [check(true)] })), undefined);
    const sweep = (fields: Partial<SweepResult>) => ({ status: 'completed', wallMs: 5, ...fields }) as SweepResult;
    assert.equal(sweepVerdict(sweepExercise, sweep({ passed: true, checks: [check(true)] }))?.state, 'passing');
    assert.equal(sweepVerdict(sweepExercise, sweep({ passed: false, checks: [check(false)] }))?.state, 'failing');
    assert.equal(sweepVerdict(sweepExercise, sweep({ status: 'cancelled', error: { kind: 'syntax', message: 'x' } }))?.state, 'error');
    assert.equal(sweepVerdict(sweepExercise, sweep({ status: 'cancelled' })), undefined);
    assert.equal(sweepVerdict(single, sweep({ passed: true, checks: [check(true)] })), undefined);
  });

  it('words: passed, failing / error with "passed before", run counts, nothing yet', () => {
    assert.equal(describeStatus({ state: 'passing', passedBefore: true, runs: 3 }).text, 'passed');
    assert.deepEqual(describeStatus({ state: 'failing', passedBefore: true, runs: 4 }), { text: 'failing — passed before', look: 'failed' });
    assert.deepEqual(describeStatus({ state: 'failing', passedBefore: false, runs: 1 }), { text: 'failing', look: 'failed' });
    assert.deepEqual(describeStatus({ state: 'error', passedBefore: true, runs: 4 }), { text: 'error — passed before', look: 'error' });
    assert.deepEqual(describeStatus({ passedBefore: false, runs: 2 }), { text: '2 runs', look: 'tried' });
    assert.deepEqual(describeStatus({ passedBefore: false, runs: 0 }), { text: '', look: 'new' });
  });

  it('a progress.json from before statuses: a pass is the latest verdict, and unverified', () => {
    assert.deepEqual(statusFromProgress({ passed: true, runs: 2, lastRunAt: 1 }), { state: 'passing', passedBefore: true, runs: 2, unverifiedPass: true });
    assert.deepEqual(statusFromProgress({ passed: false, runs: 2, lastRunAt: 1 }), { state: undefined, passedBefore: false, runs: 2 });
    assert.deepEqual(statusFromProgress(undefined), { passedBefore: false, runs: 0 });
  });

  it('a progress.json of format 1 (statuses passed/failed, no version) reads in the four states', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.dlx'), { recursive: true });
    const format1 = { a: { passed: true, status: 'failed', runs: 2, lastRunAt: 1 }, b: { passed: true, status: 'passed', runs: 1, lastRunAt: 1 }, c: { passed: false, status: 'error', runs: 1, lastRunAt: 1 } };
    fs.writeFileSync(path.join(dir, '.dlx', 'progress.json'), JSON.stringify(format1));
    const store = new RunStore(dir);
    assert.deepEqual(Object.values(store.progress()).map((entry) => entry.status), ['failing', 'passing', 'error']);
    store.recordHintsRevealed('a', 'exercise', 1);
    const written = JSON.parse(fs.readFileSync(path.join(dir, '.dlx', 'progress.json'), 'utf8'));
    assert.deepEqual({ version: written.a.version, status: written.a.status, hints: written.a.hintsRevealed, runs: written.a.runs }, { version: 2, status: 'failing', hints: { exercise: 1 }, runs: 2 });
    assert.deepEqual([written.b.version, written.b.status, written.c.status], [2, 'passing', 'error'], 'the other entries are written in format 2 too');
    assert.equal(new RunStore(dir).progress().b.status, 'passing', 'and read back as they were');
  });

  it('progress.json after pass -> fail -> error -> pass: the latest verdict, passed kept, runs counted', () => {
    const store = new RunStore(tempDir());
    const expect = (status: string, passed: boolean, runs: number) => {
      const entry = store.progress()['many-qwerties'];
      assert.deepEqual({ status: entry.status, passed: entry.passed, runs: entry.runs }, { status, passed, runs });
    };
    store.recordProgress('many-qwerties', { passed: true });
    store.recordStatus('many-qwerties', 'passing');
    expect('passing', true, 1);
    store.recordProgress('many-qwerties', { passed: false });
    expect('passing', true, 2); // the run is counted; its verdict comes next
    store.recordStatus('many-qwerties', 'failing');
    expect('failing', true, 2);
    assert.equal(describeStatus(statusFromProgress(store.progress()['many-qwerties'])).text, 'failing — passed before');
    store.recordStatus('many-qwerties', 'error'); // a failed run is not counted by the runner
    expect('error', true, 2);
    store.recordProgress('many-qwerties', { passed: true });
    store.recordStatus('many-qwerties', 'passing', VERIFIED);
    expect('passing', true, 3);
    assert.equal(describeStatus(statusFromProgress(store.progress()['many-qwerties'])).text, 'passed');
    store.recordProgress('many-qwerties', { passed: false }); // a stopped run: counted, no verdict
    assert.deepEqual(store.progress()['many-qwerties'].verification, VERIFIED, 'the verdict keeps what it rests on');
    store.recordProgress('many-qwerties', { passed: true });
    store.recordStatus('many-qwerties', 'passing', UNVERIFIED);
    assert.deepEqual(store.progress()['many-qwerties'].verification, UNVERIFIED);
    assert.equal(describeStatus(statusFromProgress(store.progress()['many-qwerties'])).text, 'passed (unverified)');
    store.recordStatus('seq-to-class', 'error');
    assert.deepEqual(statusFromProgress(store.progress()['seq-to-class']), { state: 'error', passedBefore: false, runs: 0 });
  });

  it('overall progress counts exercises passed at least once, a bundled copy once', () => {
    const progress = { a: { passed: true, status: 'failing' as const, runs: 2, lastRunAt: 1 }, b: { passed: false, status: 'error' as const, runs: 1, lastRunAt: 1 }, c: { passed: true, runs: 1, lastRunAt: 1 } };
    assert.equal(overallProgress(['a', 'b', 'c', 'd', 'a', 'b'], progress), '2 of 4 passed');
    assert.equal(overallProgress([], {}), '0 of 0 passed');
  });

  it('a section\'s progress counts its exercises passed at least once; prerequisites not passed are named', () => {
    const progress = { a: { passed: true, status: 'failing' as const, runs: 2, lastRunAt: 1 }, b: { passed: false, status: 'notAttempted' as const, runs: 1, lastRunAt: 1 }, c: { passed: false, status: 'passing' as const, runs: 1, lastRunAt: 1 } };
    assert.equal(sectionProgress(['a', 'b', 'c', 'd'], progress), '2/4');
    const siblings = [{ id: 'a', title: 'A' }, { id: 'b', title: 'Bee' }, { id: 'd', title: 'Dee' }];
    assert.deepEqual(pendingPrerequisites({ prerequisites: ['d', 'a', 'b'] }, siblings, progress), ['Dee', 'Bee']);
    assert.deepEqual(pendingPrerequisites({ prerequisites: [] }, siblings, progress), []);
  });
});

describe('exercise status of a function exercise', () => {
  const base = { runId: 'f', startedAt: 1, learnerFile: '/w/gd.ts', exercise: { id: 'gd-1d', title: 'GD' } };
  const checks = [{ name: 'df', passed: false, message: 'df(0.5) returned 0 instead of 0' }];
  const verification = { state: 'verified' as const, reason: 'compared in the host' };
  it('is the run\'s verdict with its checks, an error, or nothing while it runs', () => {
    const result = { exercise: 'gd-1d', kind: 'function' as const, sandbox: { on: true, reason: 'on', memoryWatch: { on: true, reason: 'on' } }, checks, passed: false, verification, wallMs: 12 };
    assert.deepEqual(functionVerdict({ ...base, status: 'completed', result }), { state: 'failing', checks, wallMs: 12, verification });
    assert.deepEqual(functionVerdict({ ...base, status: 'failed', error: { kind: 'exports', message: 'no df' } }), { state: 'error', error: { kind: 'exports', message: 'no df' } });
    assert.equal(functionVerdict({ ...base, status: 'running' }), undefined);
  });
});
