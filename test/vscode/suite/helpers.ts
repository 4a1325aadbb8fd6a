// Shared by the in-editor suites: the extension under test, its workspace, process checks,
// and stubs for VS Code's message boxes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension/extension';
import type { PackEntry } from '../../../src/extension/catalog';
import type { PanelSnapshot } from '../../../src/shared/panelProtocol';
import type { RunTarget } from '../../../src/extension/runner';
import { statFields } from './processCpu';

export const EXTENSION_ID = 'dl-exercises.dl-exercises';
export const PACK_NAME = 'dudl-ann';
export const EXERCISES = ['many-qwerties', 'seq-to-class', 'predict-sugar'] as const;
export type ExerciseId = (typeof EXERCISES)[number];

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function extension(): vscode.Extension<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this window`);
  return ext;
}

/** Waits until VS Code activated the extension by itself (workspaceContains:**\/pack.json). */
export async function activated(timeoutMs = 30_000): Promise<TestApi> {
  const ext = extension();
  await waitFor('the extension to activate', () => ext.isActive, timeoutMs);
  return ext.exports;
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return folder.uri.fsPath;
}

/** The copy of the pack in the workspace (the runners put one there). */
export function packDir(): string {
  return path.join(workspaceDir(), PACK_NAME);
}

export function exerciseDir(id: ExerciseId): string {
  return path.join(packDir(), id);
}

export function learnerFile(id: ExerciseId): string {
  return path.join(workspaceDir(), `${id}.ts`);
}

export function refresh(): Promise<PackEntry[]> {
  return Promise.resolve(vscode.commands.executeCommand<PackEntry[]>('dlExercises.refresh'));
}

export function runExperiment(target: RunTarget): Promise<PanelSnapshot | undefined> {
  return Promise.resolve(vscode.commands.executeCommand<PanelSnapshot | undefined>('dlExercises.runExperiment', target));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Live trainer processes that are children of this extension host (Linux: /proc). Zombies
 * (exited, not yet reaped) do not count. Undefined where /proc is not available.
 */
export function trainerChildren(): number[] | undefined {
  if (process.platform !== 'linux' || !fs.existsSync('/proc/self/stat')) return undefined;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [state, ppid] = statFields(Number(entry)) ?? [];
      if (Number(ppid) !== process.pid || state === 'Z') continue;
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      // A trainer's command line ends with the bundle; the code cache's warm-up child (host/codeCache.ts) has an argument after it and never trains.
      if (cmdline.filter(Boolean).at(-1)?.endsWith(`${path.sep}trainer.js`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

type MessageCall = { message: string; args: unknown[] };
type MessageFunction = 'showWarningMessage' | 'showErrorMessage' | 'showInformationMessage';

/**
 * Replaces vscode.window[name] (the extension gets the same `vscode` object as this test file:
 * both sit in the extension's folder) until `restore()`. `answer` decides what the "user" picks.
 */
export function stubMessages(name: MessageFunction, answer: (message: string, args: unknown[]) => unknown = () => undefined): { calls: MessageCall[]; restore: () => void } {
  const window = vscode.window as unknown as Record<MessageFunction, (...args: unknown[]) => Thenable<unknown>>;
  const original = window[name];
  const calls: MessageCall[] = [];
  window[name] = (message: unknown, ...args: unknown[]) => {
    calls.push({ message: String(message), args });
    return Promise.resolve(answer(String(message), args));
  };
  assert.notEqual(vscode.window[name], original, `vscode.window.${name} cannot be replaced in this VS Code`);
  return { calls, restore: () => void (window[name] = original) };
}

/** stubMessages for the modal confirmations and warnings (showWarningMessage). */
export function stubWarnings(answer?: (message: string, args: unknown[]) => unknown): { calls: MessageCall[]; restore: () => void } {
  return stubMessages('showWarningMessage', answer);
}

export function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** A compact description of a snapshot for assertion messages. */
export function describeSnapshot(s: PanelSnapshot | undefined): string {
  if (!s) return 'no snapshot';
  const checks = s.result?.checks.map((c) => `${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.message}`).join('; ');
  return `status ${s.status}, epochs ${s.latest?.epoch ?? 0}${s.error ? `, error ${s.error.kind}: ${s.error.message}` : ''}${checks ? `, checks: ${checks}` : ''}`;
}
