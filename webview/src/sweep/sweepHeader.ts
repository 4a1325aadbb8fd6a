// The sweep view's header: title, status, verdict, progress, Stop / Run sweep again, and the
// meta line (file, settings, seeds, workers, start, backends), plus the workspace-trust banner.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import type { PanelToHost, SweepSnapshot } from '../../../src/shared/panelProtocol';
import { fill, h, setText } from '../common/dom';
import { basename, formatClock, formatCount } from '../common/format';
import type { TrustState } from '../../../src/shared/panelModel';
import { SWEEP_STATUS_LABELS } from './sweepCards';
import { axesText, backendsOf, seedsText } from './sweepFacts';
import { fileLink, instructionsLink, separated, showTrustBanner, showVerdict, StopButton } from '../common/widgets';


export class SweepHeader {
  readonly element: HTMLElement;
  readonly trustBanner = h('div', { class: 'banner', testid: 'sweep-trust', attrs: { role: 'status' }, hidden: true });
  private readonly title = h('h1', { class: 'title', testid: 'sweep-title' });
  private readonly status = h('vscode-badge', { class: 'status', testid: 'sweep-status', attrs: { role: 'status' } });
  private readonly verdict = h('span', { class: 'verdict', testid: 'sweep-verdict', attrs: { 'aria-live': 'polite' } });
  private readonly progressText = h('span', { class: 'epoch', testid: 'sweep-progress' });
  private readonly stopButton = new StopButton('sweep-stop', () => this.post({ type: 'stopSweep' }));
  private readonly rerunButton = h('vscode-button', { testid: 'sweep-rerun' }, 'Run sweep again') as VscodeButton;
  private readonly progress = h('vscode-progress-bar', { class: 'progress', attrs: { 'aria-label': 'Sweep progress' } }) as VscodeProgressBar;
  private readonly meta = h('div', { class: 'meta' });
  private readonly backend = h('span', { class: 'backend-name', testid: 'sweep-backend' });
  private metaKey = '';

  constructor(private readonly post: (message: PanelToHost) => void) {
    this.rerunButton.addEventListener('click', () => {
      if (!this.rerunButton.disabled) this.post({ type: 'rerunSweep' });
    });
    this.element = h(
      'header',
      { class: 'header' },
      h(
        'div',
        { class: 'title-row' },
        this.title,
        h('span', { class: 'kind-chip' }, 'Sweep'),
        this.status,
        this.verdict,
        h('span', { class: 'spacer' }),
        this.progressText,
        this.stopButton.element,
        this.rerunButton,
      ),
      this.progress,
      this.meta,
    );
  }

  render(s: SweepSnapshot, trust: TrustState): void {
    setText(this.title, s.exercise.title);
    this.title.title = s.exercise.id;
    setText(this.status, SWEEP_STATUS_LABELS[s.status]);
    this.status.dataset.status = s.status;
    this.status.className = `status status-${s.status === 'cancelled' ? 'stopped' : s.status}`;

    const checks = s.sweep.checks;
    showVerdict(this.verdict, checks?.length ? checks : undefined, s.sweep.passed);

    const done = s.sweep.runs.length;
    setText(this.progressText, `runs ${formatCount(done)} / ${formatCount(s.total)}`);
    this.progressText.dataset.done = String(done);
    this.progressText.dataset.total = String(s.total);

    const running = s.status === 'running';
    this.stopButton.show(running ? s.sweep.id : undefined);
    this.rerunButton.hidden = running;
    this.rerunButton.disabled = !trust.trusted;
    this.rerunButton.title = trust.trusted ? 'Run the same sweep again (you predict its shape first)' : trust.reason ?? 'Disabled in an untrusted workspace';

    this.progress.hidden = !running;
    if (running) {
      this.progress.indeterminate = done === 0;
      this.progress.max = Math.max(1, s.total);
      this.progress.value = done;
    }

    // Always say which backend ran: every one the runs used, most used first.
    const backends = backendsOf(s.sweep.runs);
    setText(this.backend, backends.length ? backends.join(', ') : 'not known yet');
    this.backend.dataset.backends = backends.join(',');
    const metaKey = `${s.sweep.id}|${s.total}`;
    if (metaKey !== this.metaKey) {
      this.metaKey = metaKey;
      this.fillMeta(s);
    }

    showTrustBanner(this.trustBanner, trust, 'Sweeps are disabled. ', 'They run your code, so they need a trusted workspace.');
  }

  private fillMeta(s: SweepSnapshot): void {
    const sweep = s.sweep;
    const parts: (Node | string)[] = [
      fileLink(basename(sweep.learnerFile), sweep.learnerFile, (file) => this.post({ type: 'openFile', file }), { testid: 'sweep-learner-file' }),
      instructionsLink(sweep.learnerFile, this.post, 'sweep-instructions'),
      h('span', { testid: 'sweep-axes' }, axesText(sweep.axes, sweep.points?.length)),
      `${sweep.repeats} repeat${sweep.repeats === 1 ? '' : 's'}`,
      seedsText(sweep, s.total),
      `${sweep.workers} worker${sweep.workers === 1 ? '' : 's'}`,
      `started ${formatClock(sweep.startedAt)}`,
      h('span', {}, 'backend ', this.backend),
    ];
    if (sweep.quick) parts.push(h('span', { class: 'flag', title: 'The reduced sizes of dlx validate ran instead of the declared ones' }, 'reduced sizes'));
    fill(this.meta, separated(parts));
  }
}
