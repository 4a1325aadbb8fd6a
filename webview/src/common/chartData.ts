// Pure data both views' charts use: {x, y} points, finite numbers, theme colours for CSS and for
// the canvas. No DOM, no chart.js. Unit-tested from test/webview/runChartData.test.ts.

export interface Point {
  x: number;
  y: number;
}

/** Messages are JSON: NaN/Infinity arrive as null. Anything that is not a finite number -> NaN (a gap). */
export function finiteOrNaN(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : NaN;
}

/**
 * A CSS colour: `fraction` (clamped to 0..1) of a theme colour variable over the background,
 * at most `maxPercent` % so the foreground text stays readable in every theme.
 */
export function mixColor(cssVariable: string, fraction: number, maxPercent = 75): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const percent = Math.round(f * maxPercent);
  return percent === 0 ? 'transparent' : `color-mix(in srgb, var(${cssVariable}) ${percent}%, transparent)`;
}

/**
 * A theme colour as getComputedStyle returns it (#rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba())
 * as [r, g, b, a] (0..255 and 0..1); undefined for any other format.
 */
export function parseColor(color: string): [number, number, number, number] | undefined {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) {
    let digits = hex[1];
    if (digits.length <= 4) digits = [...digits].map((d) => d + d).join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
    return [r, g, b, digits.length === 8 ? parseInt(digits.slice(6, 8), 16) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/i.exec(c);
  if (!fn) return undefined;
  const a = fn[4] === undefined ? 1 : Number(fn[4]) / (fn[5] ? 100 : 1);
  return [Number(fn[1]), Number(fn[2]), Number(fn[3]), a];
}

/**
 * A theme colour with its alpha multiplied by `alpha`, as rgba() for the canvas. Unknown formats
 * come back unchanged.
 */
export function withAlpha(color: string, alpha: number): string {
  const rgba = parseColor(color);
  if (!rgba) return color;
  const a = Math.round(Math.min(1, Math.max(0, rgba[3] * alpha)) * 1000) / 1000;
  return `rgba(${rgba[0]}, ${rgba[1]}, ${rgba[2]}, ${a})`;
}
