// A tiny element builder. It never writes `style` attributes (the panel's CSP has no
// 'unsafe-inline' for styles): per-element colours go through CSSOM (`el.style.setProperty`),
// which the CSP does not restrict.

type Child = Node | string | number | null | undefined | false;
type Children = Child | Child[];

export interface Props {
  class?: string;
  /** `data-testid`, for the browser tests. */
  testid?: string;
  /** Other `data-*` attributes, camelCase keys as in `element.dataset`. */
  data?: Record<string, string | number | boolean | undefined>;
  title?: string;
  hidden?: boolean;
  /** Plain attributes; `false`/`undefined` leave them out, `true` sets them empty. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** CSS custom properties, set through CSSOM (allowed by a strict style-src). */
  vars?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.testid) el.dataset.testid = props.testid;
  if (props.title) el.title = props.title;
  if (props.hidden) el.hidden = true;
  for (const [key, value] of Object.entries(props.data ?? {})) {
    if (value !== undefined) el.dataset[key] = String(value);
  }
  for (const [key, value] of Object.entries(props.attrs ?? {})) {
    if (key === 'style') throw new Error('dom.h: use `vars`, not a style attribute (CSP)');
    if (value === true) el.setAttribute(key, '');
    else if (value !== false && value !== undefined) el.setAttribute(key, String(value));
  }
  for (const [key, value] of Object.entries(props.vars ?? {})) el.style.setProperty(key, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) el.addEventListener(type, listener as EventListener);
  append(el, ...children);
  return el;
}

export function append(parent: Element, ...children: Children[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces all children. */
export function fill(parent: Element, ...children: Children[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}
