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
