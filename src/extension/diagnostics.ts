// Learner-file errors as editor diagnostics, at the line the trainer reported.
import * as vscode from 'vscode';
import type { RunError } from '../engine/results';

export function toDiagnostic(error: RunError): vscode.Diagnostic | undefined {
  if (!error.location) return undefined;
  const line = Math.max(0, error.location.line - 1);
  const column = Math.max(0, error.location.column - 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), error.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'DL Exercises';
  diagnostic.code = error.kind;
  return diagnostic;
}

type ErrorSource = { onDidFinish: vscode.Event<{ snapshot: { error?: RunError }; file: string }> };

/**
 * Runs and sweeps share one collection: whichever ended last says what is wrong now. An edit
 * clears a file's diagnostic: it pointed at text that is no longer there, and the next run says
 * whether the error is still there.
 */
export function register(...sources: ErrorSource[]): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection('dlExercises');
  const listeners = sources.map((source) => source.onDidFinish(({ snapshot, file }) => {
    collection.clear();
    const diagnostic = snapshot.error ? toDiagnostic(snapshot.error) : undefined;
    if (diagnostic) collection.set(vscode.Uri.file(snapshot.error!.location!.file || file), [diagnostic]);
  }));
  const onEdit = vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
    if (contentChanges.length > 0 && collection.has(document.uri)) collection.delete(document.uri);
  });
  return [collection, ...listeners, onEdit];
}
