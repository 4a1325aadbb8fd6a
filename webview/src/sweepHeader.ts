// The sweep view's header: title, status, verdict, progress, Stop / Run sweep again, and the
// meta line (file, settings, seeds, workers, start, backends), plus the workspace-trust banner.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import type { PanelToHost, SweepSnapshot } from '../../src/shared/panelProtocol';
import { fill, h, setText } from './dom';
import { basename, formatCount } from './format';
import type { TrustState } from './panel';
import { SWEEP_STATUS_LABELS } from './sweepCards';
import { axesText, backendsOf, seedsText } from './sweepFacts';
import { fileLink, formatClock, icon, separated } from './widgets';

const STOP_RETRY_MS = 5000;

export class SweepHeader {
  readonly element: HTMLElement;
  readonly trustBanner = h('div', { class: 'banner', testid: 'sweep-trust', attrs: { role: 'status' }, hidden: true });
  private readonly title = h('h1', { class: 'title', testid: 'sweep-title' });
  private readonly status = h('vscode-badge', { class: 'status', testid: 'sweep-status', attrs: { role: 'status' } });
  private readonly verdict = h('span', { class: 'verdict', testid: 'sweep-verdict', attrs: { 'aria-live': 'polite' } });
  private readonly progressText = h('span', { class: 'epoch', testid: 'sweep-progress' });
  private readonly stopButton = h('vscode-button', { testid: 'sweep-stop', attrs: { secondary: true } }, 'Stop') as VscodeButton;
  private readonly rerunButton = h('vscode-button', { testid: 'sweep-rerun' }, 'Run sweep again') as VscodeButton;
  private readonly progress = h('vscode-progress-bar', { class: 'progress', attrs: { 'aria-label': 'Sweep progress' } }) as VscodeProgressBar;
  private readonly meta = h('div', { class: 'meta' });
  private readonly backend = h('span', { class: 'backend-name', testid: 'sweep-backend' });
  private snapshot: SweepSnapshot | undefined;
  private trust: TrustState = { trusted: true };
  /** The sweep id a Stop was asked for (the button says "Stopping…" until it ends or a retry is due). */
  private stopRequested: string | undefined;
  private metaKey = '';

  constructor(private readonly post: (message: PanelToHost) => void) {
    this.stopButton.addEventListener('click', () => this.onStop());
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
        this.stopButton,
        this.rerunButton,
      ),
      this.progress,
      this.meta,
    );
  }

  render(s: SweepSnapshot, trust: TrustState): void {
    if (s.sweep.id !== this.snapshot?.sweep.id) this.stopRequested = undefined;
    this.snapshot = s;
    this.trust = trust;
    setText(this.title, s.exercise.title);
    this.title.title = s.exercise.id;
    setText(this.status, SWEEP_STATUS_LABELS[s.status]);
    this.status.dataset.status = s.status;
    this.status.className = `status status-${s.status === 'cancelled' ? 'stopped' : s.status}`;

    const checks = s.sweep.checks;
    this.verdict.hidden = !checks || checks.length === 0;
    if (checks && checks.length > 0) {
      const passed = checks.filter((c) => c.passed).length;
      const all = s.sweep.passed ?? passed === checks.length;
      setText(this.verdict, all ? `Passed, ${passed}/${checks.length} checks` : `${passed} of ${checks.length} checks passed`);
      this.verdict.className = `verdict ${all ? 'pass' : 'fail'}`;
      this.verdict.dataset.passed = String(all);
    }

    const done = s.sweep.runs.length;
    setText(this.progressText, `runs ${formatCount(done)} / ${formatCount(s.total)}`);
    this.progressText.dataset.done = String(done);
    this.progressText.dataset.total = String(s.total);

    const running = s.status === 'running';
    const stopping = running && this.stopRequested === s.sweep.id;
    this.stopButton.hidden = !running;
    this.stopButton.disabled = stopping;
    setText(this.stopButton, stopping ? 'Stopping…' : 'Stop');
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

    this.trustBanner.hidden = trust.trusted;
    if (!trust.trusted) fill(this.trustBanner, icon('warning'), h('span', {}, h('strong', {}, 'Sweeps are disabled. '), trust.reason ?? 'They run your code, so they need a trusted workspace.'));
  }

  private fillMeta(s: SweepSnapshot): void {
    const sweep = s.sweep;
    const parts: (Node | string)[] = [
      fileLink(basename(sweep.learnerFile), sweep.learnerFile, (file) => this.post({ type: 'openFile', file }), { testid: 'sweep-learner-file' }),
      h('span', { testid: 'sweep-axes' }, axesText(sweep.axes)),
      `${sweep.repeats} repeat${sweep.repeats === 1 ? '' : 's'}`,
      seedsText(sweep, s.total),
      `${sweep.workers} worker${sweep.workers === 1 ? '' : 's'}`,
      `started ${formatClock(sweep.startedAt)}`,
      h('span', {}, 'backend ', this.backend),
    ];
    if (sweep.quick) parts.push(h('span', { class: 'flag', title: 'The reduced sizes of dlx validate ran instead of the declared ones' }, 'reduced sizes'));
    fill(this.meta, separated(parts));
  }

  private onStop(): void {
    const s = this.snapshot;
    if (!s || s.status !== 'running' || this.stopRequested === s.sweep.id) return;
    const id = s.sweep.id;
    this.stopRequested = id;
    this.post({ type: 'stopSweep' });
    this.render(s, this.trust);
    // The host stops the workers within a second or two; if it did not, let the learner ask again.
    setTimeout(() => {
      if (this.stopRequested !== id) return;
      this.stopRequested = undefined;
      if (this.snapshot) this.render(this.snapshot, this.trust);
    }, STOP_RETRY_MS);
  }
}
