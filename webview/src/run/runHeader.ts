// The run view's header: title, status, verdict, epoch, Stop / Run again, progress and the meta
// line (file, backend, seed, start), plus the workspace-trust banner.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import type { TrustState } from '../../../src/shared/panelModel';
import type { PanelSnapshot, PanelToHost } from '../../../src/shared/panelProtocol';
import { isTerminal, resumableAfter } from '../../../src/shared/runState';
import { fill, h, setText } from '../common/dom';
import { STATUS_LABELS, basename, formatClock, formatCount, humanizeId } from '../common/format';
import { fileLink, instructionsLink, separated, showTrustBanner, showVerdict, StopButton } from '../common/widgets';

export class RunHeader {
  readonly element: HTMLElement;
  readonly trustBanner = h('div', { class: 'banner', testid: 'trust', attrs: { role: 'status' }, hidden: true });
  private readonly title = h('h1', { class: 'title', testid: 'exercise' }, 'Experiment');
  private readonly status = h('vscode-badge', { class: 'status', testid: 'status', attrs: { role: 'status' } });
  private readonly verdict = h('span', { class: 'verdict', testid: 'verdict', attrs: { 'aria-live': 'polite' } });
  private readonly epoch = h('span', { class: 'epoch', testid: 'epoch' });
  private readonly stopButton = new StopButton('stop', () => this.post({ type: 'stop' }));
  private readonly rerunButton = h('vscode-button', { testid: 'rerun', hidden: true }, 'Run again') as VscodeButton;
  private readonly resumeButton = h('vscode-button', { testid: 'resume', hidden: true, attrs: { secondary: '' } }, 'Resume') as VscodeButton;
  private resumeRunId: string | undefined;
  private readonly progress = h('vscode-progress-bar', { class: 'progress', attrs: { 'aria-label': 'Training progress' } }) as VscodeProgressBar;
  private readonly meta = h('div', { class: 'meta' });
  private readonly backend = h('span', { class: 'backend-name', testid: 'backend' });
  /** The snapshot parts the meta line was filled from. */
  private metaOf: Pick<PanelSnapshot, 'runId' | 'run' | 'result'> | undefined;

  constructor(private readonly post: (message: PanelToHost) => void) {
    this.rerunButton.addEventListener('click', () => {
      if (!this.rerunButton.disabled) this.post({ type: 'rerun' });
    });
    this.resumeButton.addEventListener('click', () => {
      if (!this.resumeButton.disabled && this.resumeRunId) this.post({ type: 'resume', runId: this.resumeRunId });
    });
    this.element = h(
      'header',
      { class: 'header' },
      h('div', { class: 'title-row' }, this.title, this.status, this.verdict, h('span', { class: 'spacer' }), this.epoch, this.stopButton.element, this.resumeButton, this.rerunButton),
      this.progress,
      this.meta,
    );
  }

  render(s: PanelSnapshot | undefined, trust: TrustState): void {
    const exercise = s?.run?.exercise ?? s?.result?.exercise ?? s?.exercise?.id;
    setText(this.title, s?.exercise?.title ?? (exercise ? humanizeId(exercise) : s?.learnerFile ? basename(s.learnerFile) : 'Experiment'));
    this.title.title = exercise ?? '';
    const status = s?.status;
    this.status.hidden = !s;
    setText(this.status, status ? STATUS_LABELS[status] : '');
    this.status.dataset.status = status ?? '';
    this.status.className = `status status-${status ?? 'none'}`;

    showVerdict(this.verdict, s?.result?.checks, s?.result?.passed);

    const total = s?.run?.settings.epochs;
    const done = s?.result?.epochs ?? s?.latest?.epoch ?? 0;
    this.epoch.hidden = !s?.run;
    setText(this.epoch, total ? `epoch ${formatCount(done)} / ${formatCount(total)}` : `epoch ${formatCount(done)}`);

    const running = s !== undefined && !isTerminal(s.status);
    this.stopButton.show(running ? s.runId : undefined);
    this.rerunButton.hidden = !s || running;
    this.rerunButton.disabled = !trust.trusted;
    this.rerunButton.title = trust.trusted ? 'Train the same file again' : trust.reason ?? 'Disabled in an untrusted workspace';
    const resumeAfter = running ? undefined : resumableAfter(s);
    this.resumeRunId = resumeAfter === undefined ? undefined : s!.runId;
    this.resumeButton.hidden = resumeAfter === undefined;
    this.resumeButton.disabled = !trust.trusted;
    this.resumeButton.title = trust.trusted ? `Continue this run from its checkpoint of epoch ${resumeAfter}` : trust.reason ?? 'Disabled in an untrusted workspace';

    this.progress.hidden = !running;
    if (running) {
      if (total && done > 0) {
        this.progress.indeterminate = false;
        this.progress.max = total;
        this.progress.value = done;
      } else {
        this.progress.indeterminate = true;
      }
    }

    const backend = s?.result?.backend ?? s?.run?.backend;
    setText(this.backend, backend ?? '');
    this.backend.title = s?.result?.backendReason ?? s?.run?.backendReason ?? '';
    if (s && (s.runId !== this.metaOf?.runId || s.run !== this.metaOf.run || s.result !== this.metaOf.result)) this.fillMeta(s);
    this.meta.hidden = !s;

    showTrustBanner(this.trustBanner, trust, 'Training is disabled. ', 'It runs your code, so it needs a trusted workspace.');
  }

  private fillMeta(s: PanelSnapshot): void {
    this.metaOf = { runId: s.runId, run: s.run, result: s.result };
    const parts: (Node | string)[] = [];
    if (s.learnerFile) parts.push(fileLink(basename(s.learnerFile), s.learnerFile, (file) => this.post({ type: 'openFile', file }), { testid: 'learner-file' }), instructionsLink(s.learnerFile, this.post, 'instructions'));
    if (s.run || s.result) parts.push(h('span', {}, 'backend ', this.backend));
    const seed = s.result?.seed ?? s.run?.settings.seed;
    if (seed !== undefined) parts.push(`seed ${seed}`);
    if (s.startedAt !== undefined) parts.push(`started ${formatClock(s.startedAt)}`);
    fill(this.meta, separated(parts));
  }
}
