// Incremental sweep summaries: after every run of a seeded random stream the updated summary
// equals the one computed from scratch, and an update reads no run but the one added.
import * as assert from 'node:assert/strict';
import { createRng } from '../src/engine/rng';
import {
  summarizeSweep, updateSweepSummary,
  type OutcomeName, type SweepAxis, type SweepRunResult, type SweepRunStatus, type SweepSummary, type SweepValue,
} from '../src/engine/sweep';

interface Stream {
  axes: SweepAxis[];
  outcome: OutcomeName;
  threshold?: number;
  along?: string;
}

const LINE: SweepAxis[] = [{ name: 'learningRate', target: 'overrides', values: [0.001, 0.01, 0.1, 1] }];
const GRID: SweepAxis[] = [
  { name: 'layers', target: 'modelParams', values: [1, 2, 3] },
  { name: 'units', target: 'modelParams', values: [4, 8] },
];
const STATUSES: SweepRunStatus[] = ['completed', 'completed', 'completed', 'diverged', 'failed', 'stopped', 'cancelled'];

/** Runs at random settings with every status, null outcomes, sizes that vary or not, and now and then a setting off the axes. */
function randomRuns(stream: Stream, count: number, seed: number): SweepRunResult[] {
  const random = createRng(seed);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  return Array.from({ length: count }, (_, index) => {
    const values: Record<string, SweepValue> = {};
    for (const axis of stream.axes) values[axis.name] = random() < 0.05 ? 999 : pick(axis.values);
    const status = pick(STATUSES);
    const counted = status === 'completed' || status === 'diverged';
    const integer = stream.outcome === 'epochsToThreshold';
    const outcome = counted && random() > 0.15 ? (integer ? 1 + Math.floor(random() * 20) : random()) : null;
    const size = random() < 0.2 ? undefined : stream.axes.reduce((product, axis) => product * Number(values[axis.name]) * 10, 1);
    return { index, point: 0, repeat: 0, values, seed: index, status, outcome, ...(size !== undefined ? { parameters: size } : {}) };
  });
}

function sweepOf(stream: Stream, runs: SweepRunResult[]) {
  return { axes: stream.axes, outcome: stream.outcome, threshold: stream.threshold, runs, ...(stream.along ? { spec: { along: stream.along } } : {}) };
}

/** The runs, each noting its index in `read` whenever any of its fields is read. */
function watched(runs: SweepRunResult[], read: Set<number>): SweepRunResult[] {
  return runs.map((run) => new Proxy(run, {
    get(target, key, receiver) {
      read.add(target.index);
      return Reflect.get(target, key, receiver);
    },
  }));
}

/** Feeds the runs one by one; checks every summary on the way against summarizeSweep. */
function replay(stream: Stream, runs: SweepRunResult[]): SweepSummary | undefined {
  let summary: SweepSummary | undefined;
  for (let i = 0; i < runs.length; i++) {
    const sweep = sweepOf(stream, runs.slice(0, i + 1));
    summary = updateSweepSummary(summary, sweep, runs[i]);
    assert.deepStrictEqual(summary, summarizeSweep(sweep), `after run ${i}`);
  }
  return summary;
}

describe('incremental sweep summaries', () => {
  const streams: [string, Stream][] = [
    ['a line, accuracy with a threshold', { axes: LINE, outcome: 'accuracy', threshold: 0.5 }],
    ['a line, loss without a threshold', { axes: LINE, outcome: 'loss' }],
    ['a grid, epochsToThreshold', { axes: GRID, outcome: 'epochsToThreshold', threshold: 0.9 }],
    ['a grid, shape along the columns', { axes: GRID, outcome: 'testAccuracy', threshold: 0.7, along: 'units' }],
  ];
  for (const [name, stream] of streams) {
    it(`equals summarizeSweep after every run: ${name}`, () => {
      for (const seed of [1, 2, 3]) replay(stream, randomRuns(stream, 60, seed));
    });
  }

  it('updating the same summary twice gives two independent summaries, each reading only its added run', () => {
    const stream: Stream = { axes: GRID, outcome: 'accuracy', threshold: 0.5 };
    const read = new Set<number>();
    const runs = watched(randomRuns(stream, 30, 7), read);
    const base = replay(stream, runs.slice(0, 20));
    const extra = watched(randomRuns(stream, 12, 8).map((run, i) => ({ ...run, index: 20 + i })), read);
    for (const branch of [runs.slice(20), extra]) {
      let summary = base;
      const sofar = runs.slice(0, 20);
      for (const run of branch) {
        sofar.push(run);
        read.clear();
        summary = updateSweepSummary(summary, sweepOf(stream, [...sofar]), run);
        assert.deepEqual([...read], [run.index]);
        assert.deepStrictEqual(summary, summarizeSweep(sweepOf(stream, [...sofar])));
      }
    }
  });

  it('falls back to summarizeSweep for a summary it did not make or one of another sweep', () => {
    const stream: Stream = { axes: LINE, outcome: 'accuracy', threshold: 0.5 };
    const runs = randomRuns(stream, 10, 4);
    const sweep = sweepOf(stream, runs);
    const earlier = summarizeSweep(sweepOf(stream, runs.slice(0, 9)));
    const copied = JSON.parse(JSON.stringify(earlier)) as SweepSummary;
    assert.deepStrictEqual(updateSweepSummary(copied, sweep, runs[9]), summarizeSweep(sweep));
    const other = summarizeSweep(sweepOf({ axes: GRID, outcome: 'accuracy', threshold: 0.5 }, []));
    assert.deepStrictEqual(updateSweepSummary(other, sweep, runs[9]), summarizeSweep(sweep));
    assert.deepStrictEqual(updateSweepSummary(undefined, sweep, runs[9]), summarizeSweep(sweep));
    const otherThreshold = summarizeSweep(sweepOf({ ...stream, threshold: 0.8 }, runs.slice(0, 9)));
    assert.deepStrictEqual(updateSweepSummary(otherThreshold, sweep, runs[9]), summarizeSweep(sweep));
  });

  it('reads no run but the added one', () => {
    for (const stream of [{ axes: LINE, outcome: 'accuracy', threshold: 0.5 }, { axes: GRID, outcome: 'epochsToThreshold', threshold: 0.9 }] satisfies Stream[]) {
      const read = new Set<number>();
      const runs = watched(randomRuns(stream, 50, 5), read);
      let summary = replay(stream, runs.slice(0, 40));
      for (let i = 40; i < runs.length; i++) {
        read.clear();
        summary = updateSweepSummary(summary, sweepOf(stream, runs.slice(0, i + 1)), runs[i]);
        assert.deepEqual([...read], [i]);
      }
      assert.deepStrictEqual(summary, summarizeSweep(sweepOf(stream, runs)));
    }
  });
  it('takes several runs at once: equal to summarizeSweep, reading only the added runs', () => {
    for (const stream of [{ axes: LINE, outcome: 'accuracy', threshold: 0.5 }, { axes: GRID, outcome: 'testAccuracy', threshold: 0.7, along: 'units' }] satisfies Stream[]) {
      const read = new Set<number>();
      const runs = watched(randomRuns(stream, 60, 9), read);
      let summary = replay(stream, runs.slice(0, 10));
      // Batches of 1, 7, 20 and 22 runs, as the panel host posts them.
      for (const [from, to] of [[10, 11], [11, 18], [18, 38], [38, 60]]) {
        read.clear();
        const sweep = sweepOf(stream, runs.slice(0, to));
        summary = updateSweepSummary(summary, sweep, runs.slice(from, to));
        assert.deepEqual([...read].sort((a, b) => a - b), runs.slice(from, to).map((_, i) => from + i), `reads runs ${from} to ${to - 1}`);
        assert.deepStrictEqual(summary, summarizeSweep(sweep), `after runs ${from} to ${to - 1}`);
      }
      assert.equal(updateSweepSummary(summary, sweepOf(stream, runs), []), summary, 'no run added: the same summary');
    }
  });

  it('falls back to summarizeSweep when the added runs are not the last of the sweep', () => {
    const stream: Stream = { axes: LINE, outcome: 'accuracy', threshold: 0.5 };
    const runs = randomRuns(stream, 20, 11);
    const base = summarizeSweep(sweepOf(stream, runs.slice(0, 10)));
    const sweep = sweepOf(stream, runs);
    assert.deepStrictEqual(updateSweepSummary(base, sweep, runs.slice(12, 20)), summarizeSweep(sweep));
    assert.deepStrictEqual(updateSweepSummary(base, sweep, [runs[10], runs[12], ...runs.slice(12, 20)]), summarizeSweep(sweep));
  });
});
