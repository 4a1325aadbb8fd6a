// The sweep view's learning-curves card: every run's curve of the column picked (the outcome's
// own by default), coloured by the setting along the x axis, drawn incrementally as runs arrive.
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { SweepRunResult } from '../../../src/shared/engineView';
import type { SweepSnapshot } from '../../../src/shared/panelProtocol';
import type { Theme } from '../common/charts';
import { fill, h, setText } from '../common/dom';
import { formatCount } from '../common/format';
import type { SweepUi } from '../persistedState';
import { colorOf, type SweepAxes } from './sweepAxes';
import { curveChoices, curveKind, curveLines, defaultCurveChoice, valueText, type CurveChoice } from './sweepChartData';
import { CurvesChart, type RunCurve } from './sweepCurves';

export class CurvesCard {
  readonly element: HTMLElement;
  /** The colour key, filled by the view with the others. */
  readonly key = h('div', { class: 'key-slot' });
  private readonly select = h('select', { class: 'select', testid: 'sweep-curve-select', attrs: { 'aria-label': 'Curve to show' } });
  private readonly logToggle = h('vscode-checkbox', { testid: 'sweep-log-scale', attrs: { toggle: true, label: 'Log scale' } }) as VscodeCheckbox;
  private readonly canvas = h('canvas', { testid: 'sweep-curves-chart', attrs: { role: 'img', 'aria-label': 'Learning curve of every run, coloured by setting' } });
  private readonly note = h('p', { class: 'card-foot' });
  private chart: CurvesChart | undefined;
  private shown: { s: SweepSnapshot; axes: SweepAxes; theme: Theme } | undefined;
  private painted: { sweepId: string; runs: SweepRunResult[]; count: number; choice: CurveChoice; logScale: boolean; options: string } | undefined;

  constructor(
    private ui: SweepUi,
    private readonly uiChanged: (ui: SweepUi) => void,
  ) {
    this.select.addEventListener('change', () => this.setUi({ curve: this.select.value as CurveChoice }));
    this.logToggle.checked = ui.logScale;
    this.logToggle.addEventListener('change', () => this.setUi({ logScale: this.logToggle.checked }));
    this.element = h(
      'section',
      { class: 'card', testid: 'sweep-curves-card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Learning curves'), h('div', { class: 'card-tools' }, this.select, this.logToggle)),
      h('div', { class: 'chart-box' }, this.canvas),
      h('div', { class: 'card-foot-row' }, this.note, this.key),
    );
  }

  applyTheme(theme: Theme): void {
    if (this.shown) this.shown.theme = theme;
    this.chart?.applyTheme(theme);
  }

  /** Draws the runs that arrived since the last call; everything again for another sweep, column or scale. */
  render(s: SweepSnapshot, axes: SweepAxes, theme: Theme): void {
    this.shown = { s, axes, theme };
    // Created on first paint: the view is built hidden, and chart.js measures its box.
    const chart = (this.chart ??= new CurvesChart(this.canvas, theme));
    const runs = s.sweep.runs;
    const painted = this.painted;
    const sameSweep = painted?.sweepId === s.sweep.id;
    const options = curveChoices(runs);
    const optionsKey = options.map((o) => o.value).join(',');
    if (optionsKey !== painted?.options || !sameSweep) {
      fill(this.select, options.map((o) => h('option', { attrs: { value: o.value } }, o.label)));
    }
    this.element.hidden = options.length === 0;
    if (options.length === 0) return;
    const choice = this.ui.curve && options.some((o) => o.value === this.ui.curve) ? this.ui.curve : defaultCurveChoice(s.sweep.outcome, options)!;
    if (this.select.value !== choice) this.select.value = choice;
    const kind = curveKind(choice);
    this.logToggle.hidden = kind !== 'loss';
    const logScale = kind === 'loss' && this.ui.logScale;

    // Runs only ever get appended while a sweep runs; anything else (the final record, another column) redraws.
    const appendOnly = sameSweep && painted!.choice === choice && painted!.logScale === logScale && painted!.options === optionsKey && runs.length >= painted!.count && runs[painted!.count - 1] === painted!.runs[painted!.count - 1];
    const from = appendOnly ? painted!.count : 0;
    if (!appendOnly) {
      const label = options.find((o) => o.value === choice)?.label ?? choice;
      chart.reset({ choice, logScale, yTitle: label.replace(/^train and test /, '') });
    }
    if (from < runs.length || !appendOnly) {
      const color = colorOf(axes.curveKey);
      for (let i = from; i < runs.length; i++) {
        const run = runs[i];
        const lines = curveLines(run.curve, choice, { logLoss: logScale });
        if (lines.length === 0) continue;
        const others = Object.keys(run.values).filter((n) => n !== axes.along).map((n) => `${n} ${valueText(run.values[n])}`);
        const curve: RunCurve = { lines, color: color(run), label: [`${axes.along} ${valueText(run.values[axes.along])}`, ...others, `seed ${run.seed}`].join(' · ') };
        chart.addRun(curve);
      }
      chart.update();
    }
    this.painted = { sweepId: s.sweep.id, runs, count: runs.length, choice, logScale, options: optionsKey };
    const pair = choice === 'loss' || choice === 'accuracy' || choice === 'r';
    setText(this.note, `${formatCount(chart.runs)} run${chart.runs === 1 ? '' : 's'}, coloured by ${axes.along}${pair ? '; solid: train, dashed: test' : ''}.`);
  }

  private setUi(change: Partial<SweepUi>): void {
    this.ui = { ...this.ui, ...change };
    this.uiChanged(this.ui);
    if (this.shown) this.render(this.shown.s, this.shown.axes, this.shown.theme);
  }
}
