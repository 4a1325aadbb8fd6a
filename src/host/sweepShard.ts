// A sweep split over machines: `dlx sweep --shard i/n --out <dir>` runs every n-th run of the plan and
// writes them to <dir>/sweep-shard.json; `dlx sweep merge <dirs...>` puts the runs back together and
// decides the sweep with concludeSweep, the rule of an unsharded sweep, so the verdict is the same.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../engine/errors';
import type { Exercise } from '../engine/pack';
import type { SweepResult } from '../engine/sweep';
import { toJsonText, writeFileAtomic } from './recordFolder';
import { checkShardSet, type Shard } from './shard';
import { concludeSweep } from './sweep';

export const SWEEP_SHARD_FILE = 'sweep-shard.json';
const SWEEP_SHARD_VERSION = 1;

export interface SweepShardFile {
  version: typeof SWEEP_SHARD_VERSION;
  shard: Shard;
  /** Runs in the whole plan (every shard's). */
  plannedRuns: number;
  /** The shard's runs; no summary or checks (those need every run). */
  sweep: SweepResult;
}

export function writeSweepShard(dir: string, sweep: SweepResult, shard: Shard, plannedRuns: number): string {
  const file = path.join(path.resolve(dir), SWEEP_SHARD_FILE);
  const content: SweepShardFile = { version: SWEEP_SHARD_VERSION, shard, plannedRuns, sweep };
  writeFileAtomic(file, toJsonText(content));
  return file;
}

export function readSweepShard(dir: string): SweepShardFile {
  const file = path.join(path.resolve(dir), SWEEP_SHARD_FILE);
  let value: Partial<SweepShardFile>;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<SweepShardFile>;
  } catch {
    throw new DlxError('settings', `${dir} holds no readable ${SWEEP_SHARD_FILE}: is it the --out folder of dlx sweep --shard?`);
  }
  if (value.version !== SWEEP_SHARD_VERSION || !value.shard || !value.sweep) throw new DlxError('settings', `${file} is not a sweep shard this dlx reads (version ${SWEEP_SHARD_VERSION}).`);
  return value as SweepShardFile;
}

/** The shards as the one sweep they split: same exercise, file, sweep, seed and sizes; every run once. */
export function mergeSweepShards(shards: readonly { file: SweepShardFile; label: string }[], exercise: Pick<Exercise, 'id' | 'sweepChecks'>): SweepResult {
  checkShardSet(shards.map(({ file, label }) => ({ shard: file.shard, label })));
  const first = shards[0];
  for (const { file, label } of shards) {
    const a = first.file.sweep;
    const b = file.sweep;
    const differs = ([
      ['exercise', a.exercise, b.exercise], ['learner file (its hash)', a.learnerFileHash, b.learnerFileHash], ['sweep', a.spec, b.spec],
      ['base seed', a.baseSeed, b.baseSeed], ['sizes (--quick)', a.quick, b.quick], ['plan', first.file.plannedRuns, file.plannedRuns],
    ] as const).find(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y));
    if (differs) throw new DlxError('settings', `${label} and ${first.label} differ in their ${differs[0]}: they are not shards of one sweep.`);
  }
  if (first.file.sweep.exercise !== exercise.id) throw new DlxError('settings', `The shards are of ${first.file.sweep.exercise}, not ${exercise.id}.`);
  const runs = shards.flatMap(({ file }) => file.sweep.runs).sort((x, y) => x.index - y.index);
  if (runs.length !== first.file.plannedRuns) throw new DlxError('settings', `The shards hold ${runs.length} runs of the ${first.file.plannedRuns} planned: a shard is incomplete.`);
  const sweeps = shards.map(({ file }) => file.sweep);
  const merged: SweepResult = {
    ...first.file.sweep,
    runs,
    status: sweeps.every((s) => s.status === 'completed') ? 'completed' : 'cancelled',
    startedAt: Math.min(...sweeps.map((s) => s.startedAt)),
    finishedAt: Math.max(...sweeps.map((s) => s.finishedAt ?? s.startedAt)),
    wallMs: Math.max(...sweeps.map((s) => s.wallMs ?? 0)),
    workers: sweeps.reduce((sum, s) => sum + s.workers, 0),
  };
  return concludeSweep(merged, exercise);
}
