// `dlx doctor`: what runs learner code on this machine, as a trainer finds it from inside: its
// runtime, the backends that load there, what `auto` picks for a dense model, and the sandbox.
import * as fs from 'node:fs';
import { DEFAULT_LIMITS } from '../engine/pack';
import { sandboxFor } from '../host/sandbox';
import { defaultTrainerPath, forkTrainer, killTrainer } from '../host/trainerProcess';
import type { TrainerProbe, TrainerToHost } from '../trainer/protocol';
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
  if (!fs.existsSync(trainerPath)) return Promise.resolve({ ...report, error: `The trainer bundle ${trainerPath} is missing. Run \`npm run build\`.` });
  const child = forkTrainer(trainerPath, { memoryMb: DEFAULT_LIMITS.memoryMb, timeoutSeconds: PROBE_TIMEOUT_MS / 1000 }, sandbox);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return new Promise((resolve) => {
    const timer = setTimeout(() => killTrainer(child, 'SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('message', (message: TrainerToHost) => {
      if (message.type === 'probed') resolve({ ...report, probe: message.probe });
    });
    child.on('error', (error) => resolve({ ...report, error: `The trainer could not start: ${error.message}` }));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ ...report, error: `The trainer ended (${signal ?? `code ${code}`}) without answering. ${stderr.trim()}`.trim() });
    });
    child.send({ type: 'probe' });
  });
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
