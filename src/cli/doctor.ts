// `dlx doctor`: what runs learner code on this machine, as a trainer finds it from inside: its
// runtime, the backends that load there, what `auto` picks for a dense model, and the sandbox.
import { DEFAULT_LIMITS } from '../engine/pack';
import { sandboxFor } from '../host/sandbox';
import { defaultTrainerPath, missingTrainerBundle, TrainerProcess } from '../host/trainerProcess';
import type { TrainerProbe } from '../trainer/protocol';
import { formatSandbox, toJson } from './format';

const PROBE_TIMEOUT_MS = 60_000;

export interface DoctorReport {
  trainerPath: string;
  /** The trainer's Node options for a run (each run also reads its pack and learner folder). */
  flags: string[];
  probe?: TrainerProbe;
  /** Why the trainer could not answer. */
  error?: string;
}

/** Starts a trainer the way a run does, asks it to probe itself, and ends it. */
export function examineTrainer(trainerPath = defaultTrainerPath()): Promise<DoctorReport> {
  const sandbox = sandboxFor(trainerPath, { backend: 'auto' });
  const report: DoctorReport = { trainerPath, flags: sandbox.execArgv };
  const missing = missingTrainerBundle(trainerPath);
  if (missing) return Promise.resolve({ ...report, error: missing.message });
  const trainer = new TrainerProcess(trainerPath, { memoryMb: DEFAULT_LIMITS.memoryMb, timeoutSeconds: PROBE_TIMEOUT_MS / 1000 }, sandbox);
  return trainer.probe().then((answer) => ('kind' in answer ? { ...report, error: answer.message } : { ...report, probe: answer }));
}

export function formatDoctor(report: DoctorReport): string {
  const { probe } = report;
  if (!probe) return `trainer: ${report.trainerPath}\nerror: ${report.error}`;
  const runtime = probe.electron ? `Electron ${probe.electron} (Node ${probe.node})` : `Node ${probe.node}`;
  return [
    `trainer: ${report.trainerPath}`,
    `runtime: ${runtime}, ${probe.platform}-${probe.arch}, ${probe.execPath}`,
    'backends:',
    ...probe.backends.map((b) => `  ${b.backend.padEnd(10)} ${b.available ? 'available' : 'unavailable'}: ${b.detail}`),
    `auto picks for a dense model: ${probe.autoForDense.backend} (${probe.autoForDense.reason})`,
    ...formatSandbox(probe.sandbox),
    `flags: ${report.flags.length ? report.flags.join(' ') : 'none'}${report.flags.length ? ' (and each run reads its pack and learner folder)' : ''}`,
  ].join('\n');
}

export async function commandDoctor(json: boolean): Promise<number> {
  const report = await examineTrainer();
  process.stdout.write(`${json ? toJson(report) : formatDoctor(report)}\n`);
  return report.probe ? 0 : 2;
}
