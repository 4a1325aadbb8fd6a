// One error type for everything a learner or instructor can get wrong; it carries the
// structured form the CLI prints and the editor turns into diagnostics.
import type { ErrorKind, RunError, SourceLocation } from './results';

export class DlxError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: { location?: SourceLocation; hint?: string } = {},
  ) {
    super(message);
    this.name = 'DlxError';
  }

  toRunError(): RunError {
    return { kind: this.kind, message: this.message, ...this.details };
  }
}

export function toRunError(error: unknown): RunError {
  if (error instanceof DlxError) return error.toRunError();
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'internal', message: `Internal error: ${message}` };
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

const REFUSED: Record<string, (resource?: string) => string> = {
  FileSystemRead: (resource) => `read ${resource ?? 'a file'}`,
  FileSystemWrite: (resource) => `write ${resource ?? 'a file'}`,
  ChildProcess: () => 'start a program (a child process)',
  WorkerThreads: () => 'start a worker thread',
  WASI: () => 'use WASI',
  Inspector: () => 'open the inspector',
};

/** What learner code tried that the sandbox refused, in its terms; undefined for any other error. */
export function describeDenial(error: unknown): string | undefined {
  const { code, permission, resource } = (error ?? {}) as { code?: string; permission?: string; resource?: string };
  if (code !== 'ERR_ACCESS_DENIED' && code !== 'ERR_DLOPEN_DISABLED') return undefined;
  const attempt = code === 'ERR_DLOPEN_DISABLED' ? 'load a native addon' : REFUSED[permission ?? '']?.(resource) ?? `use ${permission ?? 'a restricted API'}`;
  return `Your code tried to ${attempt}, which the sandbox does not allow: learner code may read only the exercise pack and its own folder, and may not write files or start programs or threads.`;
}
