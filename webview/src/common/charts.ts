// The base of every chart.js chart in the panel (the run's in run/runCharts.ts, the sweep's in
// sweep/sweepCharts.ts and sweep/sweepCurves.ts): the registered pieces (only those are bundled),
// the theme and the options they share. Colours come from the VS Code theme variables (read with
// getComputedStyle, re-read when the theme changes).
import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { withAlpha, type Point } from './chartData';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Decimation, Filler, Legend, Tooltip);

export interface Theme {
  foreground: string;
  muted: string;
  grid: string;
  blue: string;
  orange: string;
  green: string;
  red: string;
  purple: string;
  yellow: string;
  /** A sequential colour scale (low to high) through theme colours, as the CSS .ramp gradient. */
  ramp: string[];
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  fontFamily: string;
  fontSize: number;
  highContrast: boolean;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || bodyStyle.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-charts-foreground', v('--vscode-editor-foreground', v('--vscode-foreground', '#888888')));
  const fontSize = parseFloat(v('--vscode-font-size', '13px'));
  const blue = v('--vscode-charts-blue', foreground);
  const green = v('--vscode-charts-green', foreground);
  const purple = v('--vscode-charts-purple', blue);
  const yellow = v('--vscode-charts-yellow', green);
  return {
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    // charts.lines is meant for single guide lines; a whole grid of it is too loud.
    grid: withAlpha(v('--vscode-charts-lines', withAlpha(foreground, 0.5)), 0.45),
    blue,
    orange: v('--vscode-charts-orange', foreground),
    green,
    red: v('--vscode-charts-red', foreground),
    purple,
    yellow,
    ramp: [purple, blue, green, yellow],
    tooltipBackground: v('--vscode-editorHoverWidget-background', v('--vscode-editorWidget-background', v('--vscode-editor-background', '#252526'))),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', v('--vscode-editorWidget-foreground', foreground)),
    tooltipBorder: v('--vscode-editorHoverWidget-border', v('--vscode-widget-border', foreground)),
    fontFamily: v('--vscode-font-family', 'sans-serif'),
    fontSize: Number.isFinite(fontSize) ? fontSize : 13,
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

export function applyDefaults(theme: Theme): void {
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(10, theme.fontSize - 1);
  Chart.defaults.color = theme.foreground;
  Chart.defaults.borderColor = theme.grid;
  // Sizing every tick label (measureText per tick, per scale, per update) was the panel's largest
  // JavaScript cost during a sweep; a sample of them decides the axis padding just as well.
  Object.assign(Chart.defaults.scale.ticks, { sampleSize: LABEL_SIZE_SAMPLE });
}

const LABEL_SIZE_SAMPLE = 12;

export function axisTitle(text: string, theme: Theme) {
  return { display: true, text, color: theme.muted, font: { size: Math.max(10, theme.fontSize - 2) } };
}

export function tooltipColors(theme: Theme) {
  return {
    backgroundColor: theme.tooltipBackground,
    titleColor: theme.tooltipForeground,
    bodyColor: theme.tooltipForeground,
    borderColor: theme.tooltipBorder,
    borderWidth: 1,
    cornerRadius: 3,
  };
}

/**
 * What every line chart of the panel shares: no animation, {x, y} points without parsing, a
 * little drawing past the chart area (a curve at 100 % accuracy is not cut in half), no legend
 * and the theme's tooltip. Charts add their own scales, legend and interaction.
 */
export function baseOptions(theme: Theme): ChartOptions<'line'> {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    responsive: true,
    maintainAspectRatio: false,
    spanGaps: false,
    datasets: { line: { clip: 4 } },
    elements: { line: { tension: 0 } },
    plugins: {
      decimation: { enabled: false },
      legend: { display: false },
      tooltip: { ...tooltipColors(theme) },
    },
  };
}

/** What every chart does when the theme changes: new defaults, options and colours, drawn at once. */
export abstract class ThemedChart<T extends 'line' | 'scatter'> {
  protected abstract readonly chart: Chart<T, Point[]>;

  constructor(protected theme: Theme) {
    applyDefaults(theme);
  }

  protected abstract options(): ChartOptions<T>;
  protected abstract style(): void;

  protected restyle(): void {
    this.chart.options = this.options();
    this.style();
    this.chart.update('none');
  }

  applyTheme(theme: Theme): void {
    this.theme = theme;
    applyDefaults(theme);
    this.restyle();
  }

  destroy(): void {
    this.chart.destroy();
  }
}
