// Small DOM pieces both views use: icons, cards, check lists, the error card, the header's
// verdict, Stop button and trust banner.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { CheckResult, RunError } from '../../../src/shared/engineView';
import type { PanelToHost } from '../../../src/shared/panelProtocol';
import { fill, h, setText, type Props } from './dom';
import { ERROR_TITLES, basename } from './format';

const SVG = 'http://www.w3.org/2000/svg';
export type IconName = 'pass' | 'fail' | 'warning' | 'info' | 'error' | 'lightbulb';
const ICON_PATHS: Record<IconName, string> = {
  pass: 'M3.5 8.5l3 3 6-7',
  fail: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  warning: 'M8 2.5l6 11H2zM8 6.5v3.5M8 11.6v.4',
  info: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM8 7v4.5M8 4.9v.4',
  error: 'M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5.8 5.8l4.4 4.4M10.2 5.8l-4.4 4.4',
  lightbulb: 'M8 1.8a4.2 4.2 0 0 0-2.4 7.6c.5.4.8 1 .8 1.6h3.2c0-.6.3-1.2.8-1.6A4.2 4.2 0 0 0 8 1.8zM6.4 12.6h3.2M6.9 14.2h2.2',
};

/** A 16 x 16 stroke icon in the current text colour; decorative unless it has a label. */
export function icon(name: IconName, label?: string): SVGSVGElement {
  return strokeSvg(ICON_PATHS[name], `icon icon-${name}`, name === 'pass' || name === 'fail' ? 1.8 : 1.3, label);
}

export function strokeSvg(d: string, className: string, strokeWidth: number, label?: string, size = 16): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('class', className);
  if (label) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  } else {
    svg.setAttribute('aria-hidden', 'true');
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', String(strokeWidth));
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

/** Text with `backticks` rendered as <code>. */
export function richText(text: string): (string | HTMLElement)[] {
  return String(text)
    .split('`')
    .map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part))
    .filter((part) => part !== '');
}

export function card(title: string, testid: string, ...body: (Node | string | null | undefined | false)[]): HTMLElement {
  return h('section', { class: 'card', testid }, h('h2', { class: 'card-title' }, title), ...body);
}

/** A passed or failed check, as a list item. */
export function checkItem(check: CheckResult, testid: string, actions: Node[] = []): HTMLLIElement {
  return h(
    'li',
    { class: `check ${check.passed ? 'pass' : 'fail'}`, testid, data: { passed: check.passed } },
    icon(check.passed ? 'pass' : 'fail', check.passed ? 'passed' : 'failed'),
    h('div', { class: 'check-text' }, h('span', { class: 'check-name' }, check.name), h('span', { class: 'check-message' }, ...richText(check.message)), actions.length > 0 ? h('span', { class: 'check-actions' }, ...actions) : null),
  );
}

/** "· "-separated items of a meta line. */
export function separated(parts: (Node | string)[]): (Node | string)[] {
  const items: (Node | string)[] = [];
  parts.forEach((part, i) => {
    if (i > 0) items.push(h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, '·'));
    items.push(part);
  });
  return items;
}

/** A link that asks the host to open a file (at a line). */
export function fileLink(text: string, file: string, open: (file: string, line?: number, column?: number) => void, options: { line?: number; column?: number; testid?: string } = {}): HTMLAnchorElement {
  const where = options.line !== undefined ? `, line ${options.line}` : '';
  return h(
    'a',
    {
      testid: options.testid,
      title: `Open ${file}${where}`,
      attrs: { href: '#' },
      on: {
        click: (e) => {
          e.preventDefault();
          open(file, options.line, options.column);
        },
      },
    },
    text,
  );
}

/** "Instructions": the exercise's README beside the learner file, for when the panel covers it. */
export function instructionsLink(learnerFile: string, post: (message: PanelToHost) => void, testid: string): HTMLAnchorElement {
  const link = fileLink('Instructions', learnerFile, (file) => post({ type: 'openInstructions', file }), { testid });
  link.title = "Show the exercise's instructions";
  return link;
}

/** Fills an error card: title and kind, message, the clickable location, the hint. `prefix` namespaces the testids. */
export function fillError(container: HTMLElement, error: RunError, open: (file: string, line?: number, column?: number) => void, prefix = ''): void {
  container.dataset.kind = error.kind;
  const location = error.location;
  fill(
    container,
    h('h2', { class: 'error-title' }, icon('error'), ERROR_TITLES[error.kind] ?? 'Error', h('span', { class: 'error-kind' }, error.kind)),
    h('p', { class: 'error-message', testid: `${prefix}error-message` }, ...richText(error.message)),
    location &&
      h(
        'p',
        { class: 'error-location' },
        'at ',
        fileLink(`${basename(location.file)}:${location.line}:${location.column}`, location.file, open, { line: location.line, column: location.column, testid: `${prefix}error-location` }),
      ),
    error.hint && h('p', { class: 'error-hint' }, icon('info'), h('span', {}, ...richText(error.hint))),
  );
}

/**
 * Fills a checks list and its `n/m` note: the checks, or one pending line (`waiting`) when there
 * are none yet; `notice` goes first (e.g. a stopped sweep). data-state: done | pending | none.
 */
/**
 * `order`: the checks' indices in the order to list them (the README's steps); `actions`: what a
 * check offers beside its message (a step link, Show Hint).
 */
export function fillChecks(list: HTMLElement, summary: HTMLElement, checks: CheckResult[] | undefined, options: { testid: string; waiting: string; state: 'pending' | 'none'; notice?: string; order?: number[]; actions?: (check: CheckResult, index: number) => Node[] }): void {
  if (!checks || checks.length === 0) {
    setText(summary, '');
    fill(list, h('li', { class: 'check pending' }, h('span', { class: 'check-message' }, options.waiting)));
    list.dataset.state = options.state;
    return;
  }
  const passed = checks.filter((c) => c.passed).length;
  setText(summary, `${passed}/${checks.length}`);
  summary.className = `card-note ${passed === checks.length ? 'pass' : 'fail'}`;
  list.dataset.state = 'done';
  fill(
    list,
    options.notice && h('li', { class: 'check pending' }, h('span', { class: 'check-message' }, options.notice)),
    inOrder(checks, options.order).map(([check, index]) => checkItem(check, options.testid, options.actions?.(check, index))),
  );
}

/** The checks with their indices, in `order` when it names each of them once, else as given. */
function inOrder(checks: CheckResult[], order: number[] | undefined): [CheckResult, number][] {
  const complete = order && order.length === checks.length && new Set(order).size === checks.length && order.every((i) => i >= 0 && i < checks.length);
  return (complete ? order : checks.map((_, i) => i)).map((i) => [checks[i], i]);
}

/**
 * A table row that opens what it lists (click, Enter or Space), unless it is the one shown.
 * `labels` name the cells' columns: a narrow panel lays the row out as labelled cells (see
 * .history in panel.css). A cell of plain text has itself as tooltip, the whole text where the
 * cell cuts it.
 */
export function openableRow(current: boolean, props: { testid: string; what: string; data: Props['data'] }, open: () => void, cells: (Node | string)[], labels: readonly string[] = []): HTMLTableRowElement {
  const show = () => {
    if (!current) open();
  };
  return h(
    'tr',
    {
      class: current ? 'current' : 'openable',
      testid: props.testid,
      title: current ? 'Shown above' : `Show this ${props.what}`,
      data: props.data,
      attrs: { tabindex: current ? undefined : 0 },
      on: { click: show, keydown: (e: Event) => ['Enter', ' '].includes((e as KeyboardEvent).key) && (e.preventDefault(), show()) },
    },
    cells.map((c, i) => h('td', { title: typeof c === 'string' ? c : undefined, data: { label: labels[i] || undefined } }, c)),
  );
}

/** The header's verdict on a run's or a sweep's checks; hidden when there are none (yet). */
export function showVerdict(el: HTMLElement, checks: CheckResult[] | undefined, passed: boolean | undefined): void {
  el.hidden = !checks;
  if (!checks) return;
  const count = checks.filter((c) => c.passed).length;
  const all = passed ?? count === checks.length;
  setText(el, all ? `Passed, ${count}/${checks.length} checks` : `${count} of ${checks.length} checks passed`);
  el.className = `verdict ${all ? 'pass' : 'fail'}`;
  el.dataset.passed = String(all);
}

/** The banner of an untrusted workspace: `lead` in bold, then why (the host's reason). */
export function showTrustBanner(el: HTMLElement, trust: { trusted: boolean; reason?: string }, lead: string, fallback: string): void {
  el.hidden = trust.trusted;
  if (!trust.trusted) fill(el, icon('warning'), h('span', {}, h('strong', {}, lead), trust.reason ?? fallback));
}

const STOP_RETRY_MS = 5000;

/**
 * The header's Stop button for the running job (a run or a sweep): once clicked it says
 * "Stopping…" and stays disabled until that job ends. The host ends a job within a second or
 * two; if it did not after STOP_RETRY_MS, the learner may ask again.
 */
export class StopButton {
  readonly element: VscodeButton;
  private running: string | undefined;
  private requested: string | undefined;

  constructor(testid: string, stop: () => void) {
    this.element = h('vscode-button', { testid, attrs: { secondary: true }, hidden: true }, 'Stop') as VscodeButton;
    this.element.addEventListener('click', () => {
      const id = this.running;
      if (id === undefined || this.requested === id) return;
      this.requested = id;
      stop();
      this.show(id);
      setTimeout(() => {
        if (this.requested !== id) return;
        this.requested = undefined;
        this.show(this.running);
      }, STOP_RETRY_MS);
    });
  }

  /** The id of the running job (the button shows), or undefined (it hides). */
  show(running: string | undefined): void {
    this.running = running;
    const stopping = running !== undefined && this.requested === running;
    this.element.hidden = running === undefined;
    this.element.disabled = stopping;
    setText(this.element, stopping ? 'Stopping…' : 'Stop');
  }
}

