// The run view's guidance, in its checks card: each failing check links to its README step and
// offers Show Hint; the hints revealed so far are listed under the checks, a hint's code with
// Insert. Everything here posts to the host (src/extension/guidance.ts decides and records).
import type { CheckResult } from '../../../src/shared/engineView';
import type { PanelGuidance, PanelToHost } from '../../../src/shared/panelProtocol';
import { fill, h } from '../common/dom';
import { icon, richText } from '../common/widgets';

type Post = (message: PanelToHost) => void;

function linkButton(testid: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  return h('button', { class: 'link-button', testid, title, attrs: { type: 'button' }, on: { click: onClick } }, label);
}

/** What a check offers: a failing one its step (when it names one) and a hint (when there is one left). */
export function checkActions(guidance: PanelGuidance | undefined, post: Post): ((check: CheckResult, index: number) => Node[]) | undefined {
  if (!guidance) return undefined;
  return (check, index) => {
    if (check.passed) return [];
    const spec = guidance.checks.find((c) => c.index === index);
    const step = spec?.step;
    return [
      step !== undefined ? linkButton('check-step', `Step ${step}`, `Open the instructions at Step ${step}`, () => post({ type: 'openStep', step })) : null,
      spec?.hasHints || guidance.hintsLeft ? linkButton('check-hint', 'Show hint', 'Reveal the next hint for this check', () => post({ type: 'showHint', check: index })) : null,
    ].filter((node): node is HTMLButtonElement => node !== null);
  };
}

/** The revealed hints, in ladder order; empty (hidden) before the first. */
export function fillHints(list: HTMLElement, guidance: PanelGuidance | undefined, post: Post): void {
  const revealed = guidance?.revealed ?? [];
  list.hidden = revealed.length === 0;
  fill(
    list,
    revealed.map((hint, i) => h(
      'li',
      { class: 'hint', testid: 'hint' },
      icon('lightbulb'),
      h(
        'div',
        { class: 'hint-text' },
        h('span', { class: 'hint-title' }, `Hint ${hint.index + 1} of ${hint.of}${hint.about === 'the exercise' ? '' : ` · ${hint.about}`}`),
        h('span', {}, ...richText(hint.text)),
        hint.code ? h('pre', { class: 'hint-code' }, h('code', {}, hint.code)) : null,
        hint.code ? linkButton('hint-insert', 'Insert at cursor', 'Insert this code at the cursor of your file (Undo takes it out)', () => post({ type: 'insertHint', hint: i })) : null,
      ),
    )),
  );
}
