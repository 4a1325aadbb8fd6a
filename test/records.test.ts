// The records under .dlx/: what the release before records of their own wrote (the fixtures under
// test/fixtures/records/v1, from `dlx sweep` and the runner's path) still opens as the same run
// and the same sweep for the panel; the current format goes to disk and back unchanged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SweepResult } from '../src/engine/sweep';
import { readRunRecord, readSweepRecord, RECORD_VERSION, runRecord, runSnapshot, savedSweepSnapshot, sweepOf } from '../src/host/records';
import { RunStore } from '../src/host/runStore';
import { findSweep, recentSweeps, saveSweep } from '../src/host/sweepStore';
import type { PanelSnapshot } from '../src/shared/panelProtocol';
import { sweepSnapshot } from '../src/shared/sweepState';
import { REPO, tempDir } from './helpers/fixtures';

const V1 = path.join(REPO, 'test', 'fixtures', 'records', 'v1');
const v1Files = (kind: 'runs' | 'sweeps') => fs.readdirSync(path.join(V1, kind)).map((name) => path.join(V1, kind, name));
const parse = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** A workspace whose .dlx/ holds the version 1 fixtures. */
function oldWorkspace(): string {
  const workspace = tempDir();
  fs.cpSync(V1, path.join(workspace, '.dlx'), { recursive: true });
  return workspace;
}

const exercise = { id: 'x', title: 'X' };
/** A run recorded before the host verified runs reads back as unverified, never as verified. */
const recordedUnverified = (snapshot: PanelSnapshot): PanelSnapshot =>
  snapshot.result ? { ...snapshot, result: { ...snapshot.result, verification: { state: 'unverified', reason: 'recorded before runs were verified' } } } : snapshot;

describe('records (.dlx/runs, .dlx/sweeps)', () => {
  it('opens the run records of the previous format as the same runs the panel showed', () => {
    const store = new RunStore(oldWorkspace());
    const runs = store.recentRuns(10);
    assert.deepEqual(runs.map((r) => r.runId), ['sc2failed', 'mq1completed'], 'newest first');
    for (const file of v1Files('runs')) {
      const old = parse(file) as { savedAt: number; learnerFileHash: string; snapshot: PanelSnapshot };
      const record = store.findRun(old.snapshot.runId)!;
      assert.deepEqual(runSnapshot(record), recordedUnverified(old.snapshot), path.basename(file));
      assert.deepEqual([record.version, record.savedAt, record.learnerFileHash], [RECORD_VERSION, old.savedAt, old.learnerFileHash]);
    }
    const [failed, completed] = runs.map(runSnapshot);
    assert.equal(completed.status, 'completed');
    assert.deepEqual([completed.result?.exercise, completed.result?.epochs], ['many-qwerties', 120]);
    assert.deepEqual(completed.logs, ['building the 2-4-3 model']);
    assert.equal(completed.epochs.length, 120);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.kind, 'syntax');
    assert.equal(failed.run, undefined, 'the run failed before training began');
  });

  it('opens the sweep records of the previous format as the same sweeps', () => {
    const workspace = oldWorkspace();
    const sweeps = recentSweeps(workspace, 10);
    assert.deepEqual(sweeps.map((s) => s.exercise), ['hidden-units', 'learning-rates'], 'newest first');
    for (const file of v1Files('sweeps')) {
      const old = parse(file) as SweepResult;
      const record = findSweep(workspace, old.id)!;
      assert.deepEqual(sweepOf(record), old, path.basename(file));
      assert.deepEqual(savedSweepSnapshot(record, exercise), sweepSnapshot(old, exercise, false), 'what the panel showed of it');
    }
    const [interrupted, done] = sweeps.map((record) => savedSweepSnapshot(record, exercise));
    assert.equal(done.status, 'completed');
    assert.equal(done.sweep.runs.length, 100);
    assert.equal(done.sweep.passed, true);
    assert.equal(done.sweep.prediction?.shape, 'bimodal');
    assert.equal(interrupted.status, 'cancelled', 'a record still running on disk has no sweep behind it');
    assert.equal(interrupted.sweep.prediction?.note, 'more units learn better');
  });

  it('writes runs in the current format, atomically, and reads them back unchanged', () => {
    const [file] = v1Files('runs').filter((name) => name.includes('completed'));
    const snapshot = (parse(file) as { snapshot: PanelSnapshot }).snapshot;
    const store = new RunStore(tempDir());
    const written = store.saveRun(runRecord(snapshot, { type: 'finished', result: snapshot.result! }, 'abc'));
    assert.equal(path.basename(written), path.basename(file), 'named as before: start time, exercise, run id');
    assert.deepEqual(fs.readdirSync(path.dirname(written)), [path.basename(written)], 'no temp file left');
    const raw = parse(written);
    assert.deepEqual([raw.kind, raw.version, raw.snapshot], ['run', RECORD_VERSION, undefined], 'its own format, not the panel snapshot');
    assert.deepEqual(raw.end.result, snapshot.result);
    const back = store.findRun(snapshot.runId)!;
    assert.equal(back.learnerFileHash, 'abc');
    assert.deepEqual(runSnapshot(back), recordedUnverified(snapshot));
  });

  it('writes sweeps in the current format, the sweep fields at the top, and reads them back unchanged', () => {
    const [file] = v1Files('sweeps').filter((name) => name.includes('learning-rates'));
    const sweep = parse(file) as SweepResult;
    const workspace = tempDir();
    const written = saveSweep(workspace, sweep);
    assert.equal(path.basename(written), path.basename(file));
    const raw = parse(written);
    assert.deepEqual([raw.kind, raw.version, raw.status, raw.runs.length], ['sweep', RECORD_VERSION, 'completed', 100]);
    assert.equal(typeof raw.savedAt, 'number');
    assert.deepEqual(sweepOf(findSweep(workspace, sweep.id)!), sweep);
  });

  it('refuses what is not a record of a known version', () => {
    const [runFile] = v1Files('runs');
    const oldRun = parse(runFile);
    const current = runRecord(oldRun.snapshot, { type: 'failed', error: { kind: 'crash', message: 'stopped' } });
    assert.ok(readRunRecord(current));
    for (const value of [null, 'run', [], {}, { ...current, version: 3 }, { ...current, end: { type: 'finished' } }, { ...current, end: { type: 'log', text: 'x' } },
      { ...current, epochs: undefined }, { ...oldRun, version: 2 }, { ...oldRun, snapshot: { ...oldRun.snapshot, result: undefined, error: undefined } }]) {
      assert.equal(readRunRecord(value), undefined, JSON.stringify(value)?.slice(0, 80));
    }
    const [sweepFile] = v1Files('sweeps');
    const oldSweep = parse(sweepFile);
    assert.ok(readSweepRecord(oldSweep));
    for (const value of [null, [], { ...oldSweep, version: 3 }, { ...oldSweep, runs: undefined }, { ...oldSweep, kind: 'run' }, current]) {
      assert.equal(readSweepRecord(value), undefined, JSON.stringify(value)?.slice(0, 80));
    }
  });
});
