// Classifying the shape of an outcome along a setting (flat, rising, falling, inverted-U,
// bimodal), and matching a learner's prediction against it.
import { metricOf } from './outcome';
import type { ObservedShape, OutcomeName, SweepShape } from './types';

/** 0.03 for accuracy and r (fractions); otherwise 5% of the largest mean's size. */
export function shapeTolerance(outcome: OutcomeName, means: (number | null)[]): number {
  if (metricOf(outcome) !== 'loss' && outcome !== 'epochsToThreshold') return 0.03;
  const sizes = means.filter((m): m is number => m !== null).map(Math.abs);
  return sizes.length ? 0.05 * Math.max(...sizes) || 1e-9 : 1e-9;
}

function ranks(values: number[]): number[] {
  const order = values.map((value, i) => ({ value, i })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    for (let k = start; k <= end; k++) result[order[k].i] = (start + end) / 2;
    start = end + 1;
  }
  return result;
}

/** Spearman's rank correlation (Pearson on ranks, ties get their mean rank); null without variance. */
export function spearman(a: number[], b: number[]): number | null {
  if (a.length !== b.length || a.length < 2) return null;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}

/**
 * Bimodal: the outcomes split into two groups far apart compared with their own spread. The best
 * split of the sorted outcomes (least within-group sum of squares, at least 10% of the runs and 2
 * on each side) must leave the group means at least 4 pooled within-group standard deviations
 * apart, and more than 2 tolerances. (One normal or uniform cloud gives at most about 2.7 and 3.5.)
 */
export function isBimodal(outcomes: number[], tolerance: number): boolean {
  const sorted = outcomes.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n < 4) return false;
  const minSide = Math.max(2, Math.ceil(n * 0.1));
  const prefix = [0];
  const prefixSq = [0];
  for (const x of sorted) {
    prefix.push(prefix[prefix.length - 1] + x);
    prefixSq.push(prefixSq[prefixSq.length - 1] + x * x);
  }
  const ss = (from: number, to: number) => {
    const count = to - from;
    const sum = prefix[to] - prefix[from];
    return Math.max(0, prefixSq[to] - prefixSq[from] - (sum * sum) / count);
  };
  let best: { k: number; within: number } | undefined;
  for (let k = minSide; k <= n - minSide; k++) {
    const within = ss(0, k) + ss(k, n);
    if (!best || within < best.within) best = { k, within };
  }
  if (!best) return false;
  const low = (prefix[best.k] - prefix[0]) / best.k;
  const high = (prefix[n] - prefix[best.k]) / (n - best.k);
  const pooledSd = Math.sqrt(best.within / Math.max(1, n - 2));
  return high - low > 2 * tolerance && high - low >= 4 * pooledSd;
}

/** Mean and standard error (sample sd / sqrt(n); 0 for one value) of a group of outcomes. */
function meanAndError(values: number[]): { mean: number; se: number; n: number } {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const se = n < 2 ? 0 : Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) / n);
  return { mean, se, n };
}

/**
 * The observed shape of the outcome along a setting. `groups[i]` holds the outcomes of the runs
 * at the i-th value of the setting (in the setting's order). Rules, first match wins (tol: the
 * tolerance, 0.03 for accuracy and r; A is "clearly above" B when mean(A) - mean(B) > tol and
 * > 2 standard errors of that difference, so noise from seeds does not make a shape):
 * 1. fewer than 2 settings with outcomes, or max - min of the setting means <= tol: **flat**;
 * 2. two settings: **rising** / **falling** when the second is clearly above / below the first;
 * 3. split the settings into a first, middle and last third (k = max(1, floor(n/3)) settings at
 *    each end, the rest in the middle), pooling their runs:
 *    **inverted-U**: the middle is clearly above both the first and the last third;
 * 4. **rising**: the last third is above the first by more than tol, the first is not clearly
 *    above the middle, and either the last third is clearly above the first, or the runs'
 *    outcomes rise with the setting's position beyond chance (Spearman rho over the runs,
 *    rho * sqrt(runs - 1) >= 3: a saturating curve whose rise sits in the first third);
 *    **falling**: the mirror image;
 * 5. **bimodal**: the runs' outcomes are bimodal (two groups far apart, see isBimodal);
 * 6. otherwise **flat**.
 * `bimodal` is also reported on its own, whatever the trend; `rho` is Spearman's rank correlation
 * of the setting's position and its mean outcome.
 */
export function classifyShape(groups: number[][], options: { tolerance?: number } = {}): Omit<ObservedShape, 'along'> {
  const tol = options.tolerance ?? 0.03;
  const used = groups.map((g) => g.filter((x) => Number.isFinite(x))).filter((g) => g.length > 0);
  const all = used.flat();
  const bimodal = isBimodal(all, tol);
  const fmt = (x: number) => Number(x.toPrecision(3)).toString();
  const means = used.map((g) => meanAndError(g).mean);
  if (used.length < 2) return { shape: 'flat', bimodal, rho: null, detail: 'fewer than two settings with a result' };
  const rho = spearman(means.map((_, i) => i), means);
  const range = Math.max(...means) - Math.min(...means);
  if (range <= tol) return { shape: 'flat', bimodal, rho, detail: `the means differ by at most ${fmt(range)} (tolerance ${fmt(tol)})` };
  const above = (a: number[], b: number[]) => {
    const x = meanAndError(a);
    const y = meanAndError(b);
    return x.mean - y.mean > tol && x.mean - y.mean > 2 * Math.sqrt(x.se ** 2 + y.se ** 2);
  };
  if (used.length === 2) {
    if (above(used[1], used[0])) return { shape: 'rising', bimodal, rho, detail: `from ${fmt(means[0])} to ${fmt(means[1])}` };
    if (above(used[0], used[1])) return { shape: 'falling', bimodal, rho, detail: `from ${fmt(means[0])} to ${fmt(means[1])}` };
  } else {
    const k = Math.max(1, Math.floor(used.length / 3));
    const first = used.slice(0, k).flat();
    const middle = used.slice(k, used.length - k).flat();
    const last = used.slice(used.length - k).flat();
    const thirds = `first third ${fmt(meanAndError(first).mean)}, middle ${fmt(meanAndError(middle).mean)}, last third ${fmt(meanAndError(last).mean)}`;
    if (above(middle, first) && above(middle, last)) return { shape: 'inverted-U', bimodal, rho, detail: `${thirds}: the middle is above both ends` };
    const positions = used.flatMap((g, i) => g.map(() => i));
    const runRho = spearman(positions, all) ?? 0;
    const z = runRho * Math.sqrt(all.length - 1);
    const gap = meanAndError(last).mean - meanAndError(first).mean;
    if (gap > tol && !above(first, middle) && (above(last, first) || z >= 3)) return { shape: 'rising', bimodal, rho, detail: `${thirds}; Spearman rho over the runs ${fmt(runRho)}` };
    if (-gap > tol && !above(middle, first) && (above(first, last) || z <= -3)) return { shape: 'falling', bimodal, rho, detail: `${thirds}; Spearman rho over the runs ${fmt(runRho)}` };
    if (bimodal) return { shape: 'bimodal', bimodal, rho, detail: `no clear trend (${thirds}); the runs split into two separate groups of outcomes` };
    return { shape: 'flat', bimodal, rho, detail: `no clear trend (${thirds}): the differences are within the tolerance or the spread over seeds` };
  }
  if (bimodal) return { shape: 'bimodal', bimodal, rho, detail: 'no clear trend; the runs split into two separate groups of outcomes' };
  return { shape: 'flat', bimodal, rho, detail: `no clear difference (${means.map(fmt).join(' vs ')})` };
}

/** A prediction matches when it names the observed trend, or `bimodal` when the outcomes are bimodal. */
export function predictionMatches(prediction: SweepShape, observed: Pick<ObservedShape, 'shape' | 'bimodal'>): boolean {
  return prediction === observed.shape || (prediction === 'bimodal' && observed.bimodal);
}
