// What the benchmark scripts share: the PyTorch interpreter, a measured child process, number format.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function findTorchPython() {
  for (const candidate of [process.env.DLX_TORCH_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
    if (probe.status === 0) return { python: candidate, version: probe.stdout.trim() };
  }
  return null;
}

/** Runs a command, returns its last stdout line as JSON, wall time from spawn to exit, and the peak RSS seen in /proc. */
export function measure(command, args, env = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env, DLX_BENCH_T0_MS: String(Date.now()) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch { /* exited */ }
    }, 25);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      clearInterval(poll);
      const wallMs = performance.now() - started;
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ ok: true, code, wallMs, peakRssMb: peakKb / 1024, json: JSON.parse(line) });
      } catch {
        resolve({ ok: false, code, wallMs, error: (stderr || stdout).trim().split('\n').slice(-3).join(' ') });
      }
    });
  });
}

export const fmt = (value, digits = 2) => (value === undefined || value === null || Number.isNaN(value) ? '' : Number(value).toFixed(digits));

export const cpuName = () => fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
