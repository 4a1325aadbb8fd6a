// A sweep's checks: declared in exercise.json `sweepChecks`, evaluated on a whole sweep: that it
// ran as asked (what it varies, repeats, the settings each run used, the model following its
// parameters) and that its outcome shows the effect the exercise teaches.
import type { CheckResult } from '../results';
import {
  classifyShape, describeOutcome, expandAxis, formatOutcome, outcomesAlong, runValue, sameValue, shapeTolerance, spearman, statsOfRuns,
  type OutcomeName, type SweepAxis, type SweepRunResult, type SweepRunSettings, type SweepSearch, type SweepShape, type SweepSpec, type SweepStats, type SweepSummary, type SweepValue,
} from '../sweep';

/** Selects settings of a sweep: a value, or a numeric range, per varied setting. */
export type SweepWhere = Record<string, SweepValue | { min?: number; max?: number }>;
export type SweepStatName = 'mean' | 'fractionAbove' | 'min' | 'max';
/** What a statistic is taken of: the sweep's outcome by default, or another final metric, or a metric at an epoch. */
export interface SweepMetricChoice {
  metric?: Exclude<OutcomeName, 'epochsToThreshold'>;
  atEpoch?: number;
}

export type SweepCheckSpec = { name?: string } & (
  | { kind: 'sweepVaries'; setting: string; minValues?: number; from?: number; to?: number; scale?: 'linear' | 'log'; includes?: SweepValue[] }
  | { kind: 'sweepRepeats'; min: number }
  /** The sweep searches as named; `samples`: a random search draws exactly that many settings (a budget). */
  | { kind: 'sweepSearch'; search: SweepSearch; samples?: number }
  | { kind: 'sweepOutcome'; oneOf: OutcomeName[]; threshold?: number }
  | { kind: 'runSettings'; settings: Partial<Record<keyof SweepRunSettings, number | string>> }
  | { kind: 'runsFinished'; min?: number }
  | { kind: 'runChecks' }
  | { kind: 'modelGrows'; setting: string }
  | ({ kind: 'sweepStat'; stat: SweepStatName; where?: SweepWhere; min?: number; max?: number } & SweepMetricChoice)
  | ({ kind: 'sweepShape'; along?: string; where?: SweepWhere; oneOf?: SweepShape[]; bimodal?: boolean } & SweepMetricChoice)
  | ({ kind: 'sweepCompare'; stat: SweepStatName; higher: SweepWhere; lower: SweepWhere; margin?: number } & SweepMetricChoice)
  | { kind: 'sweepCorrelation'; with: string; where?: SweepWhere; min?: number; max?: number }
);

export const SWEEP_CHECK_KINDS = [
  'sweepVaries', 'sweepRepeats', 'sweepSearch', 'sweepOutcome', 'runSettings', 'runsFinished', 'runChecks', 'modelGrows',
  'sweepStat', 'sweepShape', 'sweepCompare', 'sweepCorrelation',
] as const;

export interface SweepFacts {
  /** The sweep as declared (before dlx validate's reduced sizes). */
  declared: SweepSpec;
  /** What ran. */
  axes: SweepAxis[];
  runs: SweepRunResult[];
  summary: SweepSummary;
  /** True when the reduced sizes of dlx validate ran. */
  quick: boolean;
}

const STAT_LABEL: Record<SweepStatName, string> = { mean: 'mean', fractionAbove: 'fraction above the threshold', min: 'lowest', max: 'highest' };

function valueText(value: SweepValue): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value);
}

export function whereText(where: SweepWhere | undefined): string {
  if (!where || Object.keys(where).length === 0) return 'all settings';
  return Object.entries(where).map(([name, sel]) => {
    if (typeof sel !== 'object') return `${name} ${valueText(sel)}`;
    if (sel.min !== undefined && sel.max !== undefined) return `${name} ${valueText(sel.min)}..${valueText(sel.max)}`;
    return sel.min !== undefined ? `${name} >= ${valueText(sel.min)}` : `${name} <= ${valueText(sel.max!)}`;
  }).join(', ');
}

function matchesWhere(values: Record<string, SweepValue>, where: SweepWhere | undefined): boolean {
  return Object.entries(where ?? {}).every(([name, sel]) => {
    const value = values[name];
    if (typeof sel !== 'object') return value !== undefined && sameValue(value, sel);
    if (typeof value !== 'number') return false;
    return (sel.min === undefined || value >= sel.min - 1e-12) && (sel.max === undefined || value <= sel.max + 1e-12);
  });
}

function statValue(stats: SweepStats, stat: SweepStatName): number | null {
  return stats[stat];
}

function formatStat(stat: SweepStatName, outcome: OutcomeName, value: number | null): string {
  if (value === null) return '-';
  return stat === 'fractionAbove' ? value.toFixed(2) : formatOutcome(outcome, value);
}

export function defaultSweepCheckName(check: SweepCheckSpec): string {
  switch (check.kind) {
    case 'sweepVaries': {
      const range = check.from !== undefined && check.to !== undefined ? ` from ${valueText(check.from)} to ${valueText(check.to)}` : '';
      return `varies ${check.setting}${check.minValues ? ` over ${check.minValues}+ values` : ''}${range}`;
    }
    case 'sweepRepeats':
      return `at least ${check.min} repeats per setting`;
    case 'sweepSearch':
      return check.search === 'random' ? `a random search${check.samples !== undefined ? ` of ${check.samples} settings` : ''}` : 'a grid';
    case 'sweepOutcome':
      return `measures ${check.oneOf.join(' or ')}`;
    case 'runSettings':
      return `every run uses ${Object.entries(check.settings).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    case 'runsFinished':
      return check.min === undefined || check.min >= 1 ? 'every run finished' : `at least ${(check.min * 100).toFixed(0)}% of the runs finished`;
    case 'runChecks':
      return "every run passes the exercise's run checks";
    case 'modelGrows':
      return `the model grows with ${check.setting}`;
    case 'sweepStat': {
      const bound = [check.min !== undefined ? `>= ${check.min}` : '', check.max !== undefined ? `<= ${check.max}` : ''].filter(Boolean).join(' and ');
      return `${STAT_LABEL[check.stat]} (${whereText(check.where)}) ${bound}`;
    }
    case 'sweepShape':
      return [
        check.oneOf ? `the outcome is ${check.oneOf.join(' or ')} along ${check.along ?? 'the sweep'}` : '',
        check.bimodal !== undefined ? `the runs are ${check.bimodal ? '' : 'not '}bimodal` : '',
      ].filter(Boolean).join('; ');
    case 'sweepCompare':
      return `${STAT_LABEL[check.stat]}: ${whereText(check.higher)} above ${whereText(check.lower)}`;
    case 'sweepCorrelation':
      return `outcome correlates with ${check.with}`;
  }
}

export function evaluateSweepCheck(check: SweepCheckSpec, facts: SweepFacts): CheckResult {
  const name = check.name ?? defaultSweepCheckName(check);
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  const { declared, runs, summary } = facts;
  const outcome = summary.outcome;
  const counted = runs.filter((run) => run.status === 'completed' || run.status === 'diverged');
  const missingAxis = (names: string[]) => names.find((n) => !facts.axes.some((axis) => axis.name === n));
  const describeRun = (run: SweepRunResult) => `run ${run.index + 1} (${Object.entries(run.values).map(([k, v]) => `${k} ${valueText(v)}`).join(', ')}, seed ${run.seed})`;
  const choice = 'metric' in check || 'atEpoch' in check ? (check as SweepMetricChoice) : {};
  const custom = choice.metric !== undefined || choice.atEpoch !== undefined;
  const metric = choice.metric ?? (outcome === 'epochsToThreshold' ? 'accuracy' : outcome);
  const pick = custom ? (run: SweepRunResult) => runValue(run, metric, choice.atEpoch) : undefined;
  const measured = custom ? `${describeOutcome({ outcome: metric }).replace(/^final /, choice.atEpoch !== undefined ? '' : 'final ')}${choice.atEpoch !== undefined ? ` at epoch ${choice.atEpoch}` : ''}` : describeOutcome(declared);
  const shownAs: OutcomeName = custom ? metric : outcome;
  const statOf = (where: SweepWhere | undefined) => {
    const selected = runs.filter((run) => matchesWhere(run.values, where));
    return { stats: statsOfRuns(selected, outcome, summary.threshold, pick), selected: selected.length };
  };
  switch (check.kind) {
    case 'sweepVaries': {
      const axis = declared.vary[check.setting];
      if (!axis) return result(false, `The sweep does not vary ${check.setting}; it varies ${Object.keys(declared.vary).join(' and ')}.`);
      const values = expandAxis(axis);
      const numbers = values.filter((v): v is number => typeof v === 'number');
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
      // A random search's range gives its bounds as values; its number of values is the draws.
      const drawn = !Array.isArray(axis) && axis.count === undefined && axis.step === undefined;
      const count = drawn ? declared.samples ?? 0 : values.length;
      if (check.minValues !== undefined && count < check.minValues) return result(false, `The sweep has ${count} value${count === 1 ? "" : "s"} of ${check.setting}; this exercise asks for at least ${check.minValues}.`);
      if (check.from !== undefined && (numbers.length === 0 || !close(Math.min(...numbers), check.from))) return result(false, `The values of ${check.setting} start at ${numbers.length ? valueText(Math.min(...numbers)) : 'nothing numeric'}; this exercise asks for ${valueText(check.from)}.`);
      if (check.to !== undefined && (numbers.length === 0 || !close(Math.max(...numbers), check.to))) return result(false, `The values of ${check.setting} end at ${numbers.length ? valueText(Math.max(...numbers)) : 'nothing numeric'}; this exercise asks for ${valueText(check.to)}.`);
      if (check.scale && numbers.length >= 3) {
        const steps = numbers.slice(1).map((x, i) => (check.scale === 'log' ? x / numbers[i] : x - numbers[i]));
        if (!steps.every((s) => Math.abs(s - steps[0]) <= 1e-6 * Math.max(Math.abs(steps[0]), 1e-12) + 1e-9)) return result(false, `The values of ${check.setting} are not ${check.scale === 'log' ? 'log-spaced (a constant ratio)' : 'evenly spaced'}.`);
      }
      const absent = (check.includes ?? []).filter((want) => !values.some((v) => sameValue(v, want)));
      if (absent.length) return result(false, `The values of ${check.setting} do not include ${absent.map(valueText).join(', ')}.`);
      if (drawn) {
        return result(true, `The sweep draws ${check.setting} from ${valueText(axis.from)} to ${valueText(axis.to)}${axis.scale === 'log' ? ' (log-uniformly)' : ''}, ${count} draws${facts.quick ? '; this validation ran a subset' : ''}.`);
      }
      const shown = values.length > 6 ? `${values.slice(0, 3).map(valueText).join(', ')}, ..., ${valueText(values[values.length - 1])}` : values.map(valueText).join(', ');
      return result(true, `The sweep varies ${check.setting} over ${values.length} values (${shown})${facts.quick ? '; this validation ran a subset' : ''}.`);
    }
    case 'sweepRepeats': {
      const ran = Math.max(0, ...runs.map((run) => run.repeat + 1));
      return declared.repeats >= check.min
        ? result(true, `${declared.repeats} repeats per setting${ran < declared.repeats ? `; this validation ran ${ran}` : ''}.`)
        : result(false, `The sweep repeats each setting ${declared.repeats} time${declared.repeats === 1 ? '' : 's'}; this exercise asks for at least ${check.min} (set \`repeats\`).`);
    }
    case 'sweepSearch': {
      const search = declared.search ?? 'grid';
      if (search !== check.search) {
        return result(false, check.search === 'random'
          ? "The sweep is a grid (every combination of its values); this exercise asks for a random search: set search: 'random', samples, and ranges { from, to } to draw from."
          : "The sweep is a random search; this exercise asks for a grid: remove search: 'random' and give each setting a list or a range with count or step.");
      }
      if (search === 'grid') return result(true, 'The sweep is a grid.');
      if (check.samples !== undefined && declared.samples !== check.samples) return result(false, `The random search draws ${declared.samples} settings; this exercise asks for ${check.samples} (set \`samples\`).`);
      const ran = new Set(runs.map((run) => run.point)).size;
      return result(true, `A random search of ${declared.samples} settings${ran < (declared.samples ?? 0) ? `; this validation ran ${ran}` : ''}.`);
    }
    case 'sweepOutcome': {
      if (!check.oneOf.includes(declared.outcome)) return result(false, `The sweep measures ${declared.outcome}; this exercise asks for ${check.oneOf.join(' or ')}.`);
      if (check.threshold !== undefined && declared.threshold !== check.threshold) return result(false, `The sweep's threshold is ${declared.threshold ?? 'not set'}; this exercise asks for ${check.threshold}.`);
      return result(true, `The sweep measures ${describeOutcome(declared)}${declared.threshold !== undefined ? `, threshold ${declared.threshold}` : ''}.`);
    }
    case 'runSettings': {
      if (counted.length === 0) return result(false, 'No run finished, so their settings cannot be checked.');
      for (const run of counted) {
        for (const [key, want] of Object.entries(check.settings)) {
          const got = run.settings?.[key as keyof SweepRunSettings];
          if (got !== want) return result(false, `${describeRun(run)} used ${key} ${got ?? '(none)'}; this exercise asks for ${want}.`);
        }
      }
      return result(true, `All ${counted.length} finished runs used ${Object.entries(check.settings).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
    }
    case 'runsFinished': {
      const min = check.min ?? 1;
      const fraction = runs.length ? counted.length / runs.length : 0;
      const firstFailure = runs.find((run) => !(run.status === 'completed' || run.status === 'diverged'));
      const why = firstFailure ? ` ${describeRun(firstFailure)}: ${firstFailure.error?.message ?? firstFailure.status}` : '';
      return fraction >= min - 1e-12 && runs.length > 0
        ? result(true, `${counted.length} of ${runs.length} runs finished.${counted.length < runs.length ? why : ''}`)
        : result(false, `${counted.length} of ${runs.length} runs finished.${why}`);
    }
    case 'runChecks': {
      if (counted.length === 0) return result(false, 'No run finished.');
      for (const run of counted) {
        const failing = run.checks?.find((c) => !c.passed);
        if (failing) return result(false, `${describeRun(run)} fails "${failing.name}": ${failing.message}`);
      }
      return result(true, `All ${counted.length} finished runs pass ${counted[0].checks?.map((c) => `"${c.name}"`).join(', ') || 'their checks'}.`);
    }
    case 'modelGrows': {
      if (missingAxis([check.setting])) return result(false, `The sweep does not vary ${check.setting}.`);
      const others = facts.axes.filter((axis) => axis.name !== check.setting);
      const sized = runs.filter((run) => run.parameters !== undefined);
      if (sized.length === 0) return result(false, 'No run got as far as building its model.');
      const groups = new Map<string, SweepRunResult[]>();
      for (const run of sized) {
        const key = JSON.stringify(others.map((axis) => run.values[axis.name]));
        groups.set(key, [...(groups.get(key) ?? []), run]);
      }
      for (const group of groups.values()) {
        const bySetting = new Map<number, number>();
        for (const run of group) bySetting.set(Number(run.values[check.setting]), run.parameters!);
        const ordered = [...bySetting.entries()].sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < ordered.length; i++) {
          if (ordered[i][1] <= ordered[i - 1][1]) {
            const same = ordered.every(([, p]) => p === ordered[0][1]);
            return result(false, same
              ? `The model has ${ordered[0][1]} trainable parameters whatever ${check.setting} is: does your model use \`params.${check.setting}\`?`
              : `The model has ${ordered[i][1]} parameters with ${check.setting} ${valueText(ordered[i][0])} but ${ordered[i - 1][1]} with ${valueText(ordered[i - 1][0])}: it should grow with ${check.setting}.`);
          }
        }
      }
      const sizes = sized.map((run) => run.parameters!);
      return result(true, `The model grows with ${check.setting}: ${Math.min(...sizes)} to ${Math.max(...sizes)} trainable parameters.`);
    }
    case 'sweepStat': {
      const absent = missingAxis(Object.keys(check.where ?? {}));
      if (absent) return result(false, `The sweep does not vary ${absent}.`);
      const { stats, selected } = statOf(check.where);
      const value = statValue(stats, check.stat);
      const label = `${STAT_LABEL[check.stat]} of ${measured} (${whereText(check.where)}; ${stats.n} of ${selected} runs)`;
      if (value === null) return result(false, `There is no ${label}: ${stats.n === 0 ? 'no run finished with an outcome' : 'no threshold is set'}.`);
      const shown = formatStat(check.stat, shownAs, value);
      if (check.min !== undefined && value < check.min) return result(false, `The ${label} is ${shown}; it needs to reach ${formatStat(check.stat, shownAs, check.min)}.`);
      if (check.max !== undefined && value > check.max) return result(false, `The ${label} is ${shown}; it must stay at or below ${formatStat(check.stat, shownAs, check.max)}.`);
      return result(true, `The ${label} is ${shown}.`);
    }
    case 'sweepShape': {
      const along = check.along ?? summary.shape.along;
      const absent = missingAxis([along, ...Object.keys(check.where ?? {})]);
      if (absent) return result(false, `The sweep does not vary ${absent}.`);
      const axis = facts.axes.find((a) => a.name === along)!;
      const selected = runs.filter((run) => matchesWhere(run.values, check.where));
      const means = axis.values.map((value) => statsOfRuns(selected.filter((run) => sameValue(run.values[along], value)), outcome, summary.threshold, pick).mean);
      const groups = pick
        ? axis.values.map((value) => selected.filter((run) => (run.status === 'completed' || run.status === 'diverged') && sameValue(run.values[along], value)).map(pick).filter((v): v is number => v !== null))
        : outcomesAlong(selected, axis);
      const observed = classifyShape(groups, { tolerance: shapeTolerance(shownAs, means) });
      const where = check.where ? ` (${whereText(check.where)})` : '';
      const text = `Along ${along}${where} the mean ${measured} is ${observed.shape}: ${observed.detail}.`;
      if (check.oneOf && !check.oneOf.includes(observed.shape)) return result(false, `${text} This exercise expects ${check.oneOf.join(' or ')}.`);
      if (check.bimodal !== undefined && observed.bimodal !== check.bimodal) {
        return result(false, `The runs' outcomes are ${observed.bimodal ? '' : 'not '}bimodal (two separate groups); this exercise expects them ${check.bimodal ? '' : 'not '}to be.${check.oneOf ? ` ${text}` : ''}`);
      }
      return result(true, check.oneOf ? `${text}${check.bimodal ? ' The runs are bimodal.' : ''}` : `The runs' outcomes are ${observed.bimodal ? '' : 'not '}bimodal (two separate groups).`);
    }
    case 'sweepCompare': {
      const absent = missingAxis([...Object.keys(check.higher), ...Object.keys(check.lower)]);
      if (absent) return result(false, `The sweep does not vary ${absent}.`);
      const high = statOf(check.higher).stats;
      const low = statOf(check.lower).stats;
      const a = statValue(high, check.stat);
      const b = statValue(low, check.stat);
      if (a === null || b === null) return result(false, `Not enough finished runs to compare ${whereText(check.higher)} with ${whereText(check.lower)}.`);
      const margin = check.margin ?? 0;
      const text = `${STAT_LABEL[check.stat]} of ${measured}: ${formatStat(check.stat, shownAs, a)} with ${whereText(check.higher)} (${high.n} runs), ${formatStat(check.stat, shownAs, b)} with ${whereText(check.lower)} (${low.n} runs)`;
      return a - b >= margin
        ? result(true, `The ${text}.`)
        : result(false, `The ${text}; this exercise expects the first above the second${margin ? ` by at least ${check.stat === 'fractionAbove' ? margin.toFixed(2) : formatOutcome(shownAs, margin).replace(/%$/, ' points')}` : ''}.`);
    }
    case 'sweepCorrelation': {
      const absent = missingAxis([...(check.with === 'parameters' ? [] : [check.with]), ...Object.keys(check.where ?? {})]);
      if (absent) return result(false, `The sweep does not vary ${absent}.`);
      const pairs = counted.filter((run) => matchesWhere(run.values, check.where) && run.outcome !== null)
        .map((run) => [check.with === 'parameters' ? run.parameters : run.values[check.with], run.outcome!] as const)
        .filter((pair): pair is readonly [number, number] => typeof pair[0] === 'number');
      const rho = spearman(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
      if (rho === null) return result(false, `The correlation of ${check.with} and the outcome is undefined (${pairs.length} runs, or no variation).`);
      const text = `Spearman correlation of ${check.with} and ${describeOutcome(declared)} (${whereText(check.where)}, ${pairs.length} runs) is ${rho.toFixed(2)}`;
      if (check.min !== undefined && rho < check.min) return result(false, `The ${text}; this exercise expects at least ${check.min}.`);
      if (check.max !== undefined && rho > check.max) return result(false, `The ${text}; this exercise expects at most ${check.max}.`);
      return result(true, `The ${text}.`);
    }
  }
}
