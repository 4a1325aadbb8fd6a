// Random search in sweeps: the draws (seeded, within their ranges, log-uniform when asked), the
// plan's runs, the validation of the spec, the summary (the settings drawn, no grid) and the CLI table.
import * as assert from 'node:assert/strict';
import { evaluateSweepCheck, parseSweepCheck } from '../src/engine/checks';
import { formatSweepTable } from '../src/cli/format';
import { DlxError } from '../src/engine/errors';
import { expandSweep, parseSweepSpec, resolveSweepSpec, summarizeSweep, type SweepResult, type SweepRunResult, type SweepSpec } from '../src/engine/sweep';
import { Validator } from '../src/engine/validate';
import { plannedRuns } from '../src/shared/sweepState';

const v = new Validator('model.ts', 'settings');
const resolve = (raw: unknown, exercise?: unknown) => resolveSweepSpec(exercise === undefined ? undefined : parseSweepSpec(exercise, 'sweep', v), parseSweepSpec(raw, 'sweep', v), v);
const settingsError = (pattern: RegExp) => (e: unknown) => e instanceof DlxError && e.kind === 'settings' && pattern.test(e.message);

const SPEC: SweepSpec = {
  vary: { learningRate: { from: 1e-4, to: 1, scale: 'log' }, weightDecay: { from: 0, to: 0.1 }, units: { from: 4, to: 64, round: true }, optimizer: ['sgd', 'adam'] },
  search: 'random',
  samples: 20,
  repeats: 2,
  outcome: 'accuracy',
};

describe('random search', () => {
  it('draws the same settings for the same seed and others for another seed', () => {
    const a = expandSweep(SPEC, { baseSeed: 7 });
    const b = expandSweep(SPEC, { baseSeed: 7 });
    const c = expandSweep(SPEC, { baseSeed: 8 });
    assert.deepEqual(a.points, b.points);
    assert.notDeepEqual(a.points, c.points);
    assert.equal(a.points.length, 20);
  });

  it('keeps every draw within its range (whole numbers with round, list members) over more than two axes', () => {
    const plan = expandSweep({ ...SPEC, samples: 500 }, { baseSeed: 1 });
    for (const point of plan.points) {
      const lr = point.learningRate as number;
      const wd = point.weightDecay as number;
      const units = point.units as number;
      assert.ok(lr >= 1e-4 && lr <= 1, `learningRate ${lr}`);
      assert.ok(wd >= 0 && wd <= 0.1, `weightDecay ${wd}`);
      assert.ok(Number.isInteger(units) && units >= 4 && units <= 64, `units ${units}`);
      assert.ok(point.optimizer === 'sgd' || point.optimizer === 'adam');
    }
    // The axes list the distinct values drawn: numbers ascending, a list's members in its order.
    const units = plan.axes.find((axis) => axis.name === 'units')!.values as number[];
    assert.deepEqual(units, [...new Set(plan.points.map((p) => p.units as number))].sort((x, y) => x - y));
    assert.deepEqual(plan.axes.find((axis) => axis.name === 'optimizer')!.values, ['sgd', 'adam']);
    assert.deepEqual(plan.axes.map((axis) => axis.target), ['overrides', 'overrides', 'modelParams', 'overrides']);
  });

  it('draws log-uniformly with scale log and uniformly without', () => {
    const plan = expandSweep({ vary: { learningRate: { from: 1e-4, to: 1, scale: 'log' }, momentum: { from: 0, to: 1 } }, search: 'random', samples: 4000, repeats: 1, outcome: 'accuracy' }, { baseSeed: 3 });
    const logs = plan.points.map((p) => Math.log10(p.learningRate as number));
    // log10 of a log-uniform draw on [1e-4, 1] is uniform on [-4, 0]: mean -2, a quarter per decade
    // (sd of the mean 4/sqrt(12)/sqrt(4000) = 0.018; of a quarter sqrt(.25*.75/4000) = 0.0068).
    const mean = logs.reduce((s, x) => s + x, 0) / logs.length;
    assert.ok(Math.abs(mean + 2) < 0.07, `mean log10 ${mean}`);
    for (let decade = -4; decade < 0; decade++) {
      const share = logs.filter((x) => x >= decade && x < decade + 1).length / logs.length;
      assert.ok(Math.abs(share - 0.25) < 0.03, `decade ${decade}: ${share}`);
    }
    // A uniform draw on [0, 1] puts only about 1/10000 of the draws below 1e-4 * (1 - 0)... and half below 0.5.
    const momenta = plan.points.map((p) => p.momentum as number);
    const below = momenta.filter((x) => x < 0.5).length / momenta.length;
    assert.ok(Math.abs(below - 0.5) < 0.03, `uniform: ${below} below 0.5`);
    assert.ok(momenta.filter((x) => x < 0.1).length / momenta.length > 0.07, 'uniform, not log: about a tenth below 0.1');
  });

  it('runs every draw `repeats` times with the seeds of a grid, and the reduced sizes keep the first draws', () => {
    const plan = expandSweep(SPEC, { baseSeed: 5 });
    assert.equal(plan.runs.length, 40);
    assert.deepEqual(plan.runs.slice(0, 2).map((r) => [r.point, r.repeat, r.seed]), [[0, 0, 5], [1, 0, 5]]);
    assert.deepEqual(plan.runs.slice(20, 22).map((r) => [r.point, r.repeat, r.seed]), [[0, 1, 6], [1, 1, 6]]);
    assert.deepEqual(plan.runs[3].overrides, { learningRate: plan.points[3].learningRate, weightDecay: plan.points[3].weightDecay, optimizer: plan.points[3].optimizer });
    assert.deepEqual(plan.runs[3].modelParams, { units: plan.points[3].units });
    const quick = expandSweep(SPEC, { baseSeed: 5, quick: { samples: 3, repeats: 1 } });
    assert.deepEqual(quick.points, plan.points.slice(0, 3));
    assert.equal(quick.runs.length, 3);
    assert.equal(quick.spec.samples, 3);
    assert.equal(plannedRuns({ axes: quick.axes, repeats: 2, points: quick.points }), 6);
  });

  it('rejects bad random searches with the field and what to write', () => {
    assert.throws(() => resolve({ vary: { learningRate: { from: 0.001, to: 0.1 } }, search: 'random' }), settingsError(/sweep\.samples is needed for search: 'random'/));
    assert.throws(() => resolve({ vary: { learningRate: { from: 0.001, to: 0.1 } }, search: 'random', samples: 0 }), settingsError(/sweep\.samples must be at least 1/));
    assert.throws(() => resolve({ vary: { learningRate: { from: 0, to: 0.1, scale: 'log' } }, search: 'random', samples: 5 }), settingsError(/a log range needs "from" and "to" above 0/));
    assert.throws(() => resolve({ vary: { learningRate: { from: 0.001, to: 0.1, count: 5 } }, search: 'random', samples: 5 }), settingsError(/sweep\.vary\.learningRate is a range with "count", but search: 'random' draws from the interval/));
    assert.throws(() => resolve({ vary: {}, search: 'random', samples: 5 }), settingsError(/sweep\.vary must name one setting/));
    assert.throws(() => resolve({ search: 'random', samples: 5 }), settingsError(/does not say what to vary/));
    assert.throws(() => resolve({ vary: { learningRate: [0.1] }, search: 'lucky' }), settingsError(/sweep\.search must be one of/));
    assert.throws(() => resolve({ vary: { learningRate: [0.1] }, samples: 5 }), settingsError(/sweep\.samples applies to search: 'random' only/));
    assert.throws(() => resolve({ vary: { a: [1], b: [1], c: [1] } }), settingsError(/got 3; search: 'random' takes up to 6/));
    assert.throws(() => resolve({ vary: { a: [1], b: [1], c: [1], d: [1], e: [1], f: [1], g: [1] }, search: 'random', samples: 2 }), settingsError(/got 7/));
    assert.throws(() => resolve({ vary: { learningRate: { from: 0.001, to: 20 } }, search: 'random', samples: 2 }), settingsError(/learningRate must be at most 10, got 20/));
  });

  it("takes the search from the exercise and the ranges from the learner's file", () => {
    const spec = resolve({ vary: { learningRate: { from: 0.001, to: 0.1, scale: 'log' }, weightDecay: { from: 0, to: 0.01 }, units: [8, 16, 32] } }, { search: 'random', samples: 9 });
    assert.equal(spec.search, 'random');
    assert.equal(spec.samples, 9);
    assert.equal(resolve({ vary: { learningRate: [0.1] }, search: 'grid' }).search, 'grid');
  });

  it('summarizes the settings drawn: one point per draw, per-axis marginals, no grid; the CLI ranks them', () => {
    const spec: SweepSpec = { vary: { learningRate: [0.1, 0.01], weightDecay: [0, 0.5] }, search: 'random', samples: 3, repeats: 2, outcome: 'accuracy', threshold: 0.5 };
    const points = [{ learningRate: 0.1, weightDecay: 0 }, { learningRate: 0.01, weightDecay: 0.5 }, { learningRate: 0.1, weightDecay: 0 }];
    const outcomes = [0.9, 0.4, 0.7, 0.8, 0.6, 0.5];
    const runs: SweepRunResult[] = outcomes.map((outcome, index) => ({ index, point: index % 3, repeat: Math.floor(index / 3), values: points[index % 3], seed: 1 + Math.floor(index / 3), status: 'completed', outcome }));
    const axes = [{ name: 'learningRate', target: 'overrides' as const, values: [0.1, 0.01] }, { name: 'weightDecay', target: 'overrides' as const, values: [0, 0.5] }];
    const summary = summarizeSweep({ axes, points, outcome: 'accuracy', threshold: 0.5, runs });
    assert.equal(summary.search, 'random');
    assert.equal(summary.grid, undefined);
    // Draw 0 (runs 0, 3): 0.9, 0.8; draw 1 (runs 1, 4): 0.4, 0.6; draw 2 (runs 2, 5): 0.7, 0.5 — a draw that repeats a setting stays its own point.
    assert.deepEqual(summary.points.map((p) => [p.n, Number(p.mean!.toFixed(6))]), [[2, 0.85], [2, 0.5], [2, 0.6]]);
    // learningRate 0.1: draws 0 and 2 (0.9, 0.8, 0.7, 0.5): mean 0.725, 3 of 4 above 0.5.
    const lr = summary.marginals.learningRate;
    assert.equal(lr[0].n, 4);
    assert.ok(Math.abs(lr[0].mean! - 0.725) < 1e-12);
    assert.equal(lr[0].fractionAbove, 0.75);
    assert.equal(summary.overall.n, 6);
    const sweep = { summary, points, axes } as unknown as SweepResult;
    const lines = formatSweepTable(sweep);
    assert.equal(lines[0], 'random search: 3 settings drawn, best first:');
    assert.match(lines[2], /^0\.1, 0\s+85\.0%/);
    assert.match(lines[4], /^0\.01, 0\.5\s+50\.0%/);
  });

  it('the sweepSearch check: the search named, and a random search of exactly the samples asked', () => {
    const check = parseSweepCheck({ kind: 'sweepSearch', search: 'random', samples: 9 }, 'sweepChecks[0]', v);
    const facts = (declared: SweepSpec, points = 9) => ({ declared, axes: [], quick: false, summary: summarizeSweep({ axes: [], outcome: 'accuracy', threshold: undefined, runs: [] }),
      runs: Array.from({ length: points }, (_, i): SweepRunResult => ({ index: i, point: i, repeat: 0, values: {}, seed: 1, status: 'completed', outcome: 0.5 })) });
    const grid: SweepSpec = { vary: { learningRate: [0.1, 0.01, 0.001] }, repeats: 1, outcome: 'accuracy' };
    const random: SweepSpec = { ...grid, vary: { learningRate: { from: 0.001, to: 0.1, scale: 'log' } }, search: 'random', samples: 9 };
    assert.match(evaluateSweepCheck(check, facts(grid)).message, /^The sweep is a grid .*asks for a random search: set search: 'random', samples/);
    assert.equal(evaluateSweepCheck(check, facts(grid)).passed, false);
    const few = evaluateSweepCheck(check, facts({ ...random, samples: 5 }, 5));
    assert.deepEqual([few.passed, few.message], [false, 'The random search draws 5 settings; this exercise asks for 9 (set `samples`).']);
    const quick = evaluateSweepCheck(check, facts(random, 3));
    assert.deepEqual([quick.passed, quick.message, quick.name], [true, 'A random search of 9 settings; this validation ran 3.', 'a random search of 9 settings']);
    assert.throws(() => parseSweepCheck({ kind: 'sweepSearch', search: 'grid', samples: 9 }, 'sweepChecks[0]', v), settingsError(/sweepChecks\[0\]\.samples applies to search: 'random' only/));
  });

  it('sweepVaries takes true and false among the values it expects (a boolean model parameter)', () => {
    const check = parseSweepCheck({ kind: 'sweepVaries', setting: 'batchNorm', includes: [false, true] }, 'sweepChecks[0]', v);
    const facts = (values: boolean[]) => ({ declared: { vary: { batchNorm: values }, repeats: 1, outcome: 'accuracy' as const }, axes: [], quick: false, runs: [], summary: summarizeSweep({ axes: [], outcome: 'accuracy', threshold: undefined, runs: [] }) });
    assert.equal(evaluateSweepCheck(check, facts([false, true])).passed, true);
    assert.equal(evaluateSweepCheck(check, facts([false])).message, 'The values of batchNorm do not include true.');
  });

  it('sweepVaries on a random search: the interval drawn from, and the draws counted as its values', () => {
    const declared: SweepSpec = { vary: { learningRate: { from: 0.001, to: 1, scale: 'log' } }, search: 'random', samples: 9, repeats: 1, outcome: 'accuracy' };
    const facts = { declared, axes: [], quick: false, runs: [], summary: summarizeSweep({ axes: [], outcome: 'accuracy', threshold: undefined, runs: [] }) };
    const bounds = evaluateSweepCheck(parseSweepCheck({ kind: 'sweepVaries', setting: 'learningRate', from: 0.001, to: 1, minValues: 9 }, 'c', v), facts);
    assert.deepEqual([bounds.passed, bounds.message], [true, 'The sweep draws learningRate from 0.001 to 1 (log-uniformly), 9 draws.']);
    const more = evaluateSweepCheck(parseSweepCheck({ kind: 'sweepVaries', setting: 'learningRate', minValues: 10 }, 'c', v), facts);
    assert.deepEqual([more.passed, more.message], [false, 'The sweep has 9 values of learningRate; this exercise asks for at least 10.']);
    const wrongEnd = evaluateSweepCheck(parseSweepCheck({ kind: 'sweepVaries', setting: 'learningRate', to: 0.1 }, 'c', v), facts);
    assert.equal(wrongEnd.passed, false);
  });
});
