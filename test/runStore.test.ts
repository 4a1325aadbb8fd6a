import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from '../src/host/recordFolder';
import { runRecord } from '../src/host/records';
import { hashFile, RunStore } from '../src/host/runStore';
import type { PanelSnapshot } from '../src/shared/panelProtocol';
import type { RunResult } from '../src/engine/results';
import { tempDir } from './helpers/fixtures';

function snapshot(runId: string, exercise: string, result?: Partial<RunResult>): PanelSnapshot {
  return {
    runId, startedAt: Date.parse('2026-11-24T10:00:00Z') + Number(runId.replace(/\D/g, '') || 0) * 1000, status: result ? 'completed' : 'failed',
    epochs: [], epochStride: 1, logs: [], droppedLogLines: 0,
    run: { exercise } as PanelSnapshot['run'],
    result: result as RunResult | undefined,
  };
}

/** The record of a run that ended as its snapshot says (a failed one: stopped). */
const saved = (s: PanelSnapshot, learnerFileHash?: string) =>
  runRecord(s, s.result ? { type: 'finished', result: s.result } : { type: 'failed', error: { kind: 'crash', message: 'The run was stopped.' } }, learnerFileHash);

describe('run store (.dlx/)', () => {
  it('writes atomically: no temp file is left, the content parses, NaN becomes null', () => {
    const dir = tempDir();
    const file = path.join(dir, 'a', 'b.json');
    writeJsonAtomic(file, { loss: Number.NaN, ok: 1 });
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { loss: null, ok: 1 });
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['b.json']);
  });

  it('saves runs and lists them newest first, skipping damaged files', () => {
    const store = new RunStore(tempDir());
    store.saveRun(saved(snapshot('r1', 'many-qwerties'), 'abc'));
    store.saveRun(saved(snapshot('r2', 'seq-to-class')));
    fs.writeFileSync(path.join(store.workspaceDir, '.dlx', 'runs', 'zzz-torn.json'), '{"version": 1, "snap');
    const runs = store.recentRuns(10);
    assert.deepEqual(runs.map((r) => r.runId), ['r2', 'r1']);
    assert.equal(runs[1].learnerFileHash, 'abc');
    assert.equal(store.recentRuns(1).length, 1);
  });

  it('finds a saved run by id, for reopening it from the recent-runs table', () => {
    const store = new RunStore(tempDir());
    store.saveRun(saved(snapshot('r1', 'many-qwerties')));
    store.saveRun(saved({ ...snapshot('r2', 'x'), run: undefined, exercise: { id: 'seq-to-class', title: 'Convert' } }));
    assert.equal(store.findRun('r1')?.started?.exercise, 'many-qwerties');
    assert.ok(fs.readdirSync(path.join(store.workspaceDir, '.dlx', 'runs')).some((name) => name.endsWith('-seq-to-class-r2.json')), 'named by the exercise even without a started run');
    assert.equal(store.findRun('nope'), undefined);
    assert.equal(store.findRun('../../etc'), undefined);
  });

  it('keeps progress: passed stays passed, runs count, the best metric wins', () => {
    const store = new RunStore(tempDir());
    const done = (accuracy: number, passed: boolean) => ({ passed, metrics: { train: { loss: 1 - accuracy, accuracy } } });
    store.recordProgress('many-qwerties', done(0.95, true));
    store.recordProgress('many-qwerties', done(0.5, false));
    store.recordProgress('many-qwerties', { passed: false });
    const progress = new RunStore(store.workspaceDir).progress()['many-qwerties'];
    assert.equal(progress.passed, true);
    assert.equal(progress.runs, 3);
    assert.equal(progress.best?.accuracy, 0.95);
    assert.equal(progress.best?.split, 'train');
  });

  it('hashes the learner file as trained', () => {
    const dir = tempDir({ 'f.ts': 'abc' });
    assert.equal(hashFile(path.join(dir, 'f.ts')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(hashFile(path.join(dir, 'missing.ts')), undefined);
  });
});
