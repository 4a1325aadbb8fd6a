// What the sweep view's charts need about a sweep's settings: the setting along the x axis and
// the ones that colour the dots and the curves. Pure: unit-tested from test/webview/sweepChartData.test.ts.
import type { SweepRunResult } from '../../../src/shared/engineView';
import type { SweepSnapshot } from '../../../src/shared/panelProtocol';
import { colorKey, colorPosition, otherAxis, sweepXAxis, type ColorKey, type SweepXAxis } from './sweepChartData';

export interface SweepAxes {
  sweepId: string;
  along: string;
  axis: SweepXAxis;
  /** What colours the dots: a grid's other setting. */
  key: ColorKey | undefined;
  /** What colours the learning curves: the setting along the x axis. */
  curveKey: ColorKey;
}

/** `chosen`: the setting the learner put on the x axis (a random search's scatter), when the sweep varies it. */
export function sweepAxes(s: SweepSnapshot, chosen?: string): SweepAxes {
  const varied = chosen !== undefined && s.sweep.axes.some((a) => a.name === chosen);
  const along = (varied ? chosen : undefined) || s.summary.shape.along || s.sweep.axes[0]?.name || '';
  const alongAxis = s.sweep.axes.find((a) => a.name === along) ?? s.sweep.axes[0] ?? { name: along, values: [] };
  const other = otherAxis(s.sweep.axes, along);
  return {
    sweepId: s.sweep.id,
    along,
    axis: sweepXAxis(alongAxis, s.sweep.spec.vary[along]),
    key: other ? colorKey(other, s.sweep.spec.vary[other.name]) : undefined,
    curveKey: colorKey(alongAxis, s.sweep.spec.vary[along]),
  };
}

/** Each run's position on the colour scale of `key`; undefined without a key (all alike). */
export function colorOf(key: ColorKey): (run: SweepRunResult) => number;
export function colorOf(key: ColorKey | undefined): ((run: SweepRunResult) => number) | undefined;
export function colorOf(key: ColorKey | undefined): ((run: SweepRunResult) => number) | undefined {
  return key ? (run) => colorPosition(run.values[key.name], key.values, key.kind) : undefined;
}
