// "Hypothesize and commit": before a sweep runs, the learner may say what shape they expect.
// Committed before the first run starts (it is in the saved record before any result exists),
// shown next to the observed shape when the sweep ends.
import * as vscode from 'vscode';
import { describeOutcome, SWEEP_SHAPES, type SweepShape, type SweepSpec } from '../engine/sweep';

export type PredictionChoice = { shape: SweepShape; note?: string } | 'none';

function describeShape(shape: SweepShape, along: string): string {
  switch (shape) {
    case 'flat': return `${along} makes no real difference`;
    case 'rising': return `the larger ${along}, the higher`;
    case 'falling': return `the larger ${along}, the lower`;
    case 'inverted-U': return 'best in the middle, worse at both ends';
    case 'bimodal': return 'runs either learn or they don\'t: two groups of outcomes';
  }
}

/** The learner's prediction, 'none' when they skip it, undefined when they cancel the sweep (Escape). */
export async function askForPrediction(spec: SweepSpec): Promise<PredictionChoice | undefined> {
  const along = spec.along ?? Object.keys(spec.vary)[0];
  const outcome = describeOutcome(spec);
  type Item = vscode.QuickPickItem & { shape?: SweepShape };
  const items: Item[] = [
    ...SWEEP_SHAPES.map((shape): Item => ({ label: shape, description: describeShape(shape, along), shape })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: 'Skip', description: 'run without a prediction' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Hypothesize and commit (1/2): ${outcome} against ${along}`,
    placeHolder: 'Which shape do you expect? Commit before you see any result.',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (!picked.shape) return 'none';
  const note = await vscode.window.showInputBox({
    title: `Hypothesize and commit (2/2): ${picked.shape}`,
    prompt: 'Why do you expect it? A note to read again next to the result (optional: Enter to skip).',
    placeHolder: 'e.g. too small a rate never gets there in 1000 epochs',
    ignoreFocusOut: true,
  });
  if (note === undefined) return undefined;
  return note.trim() ? { shape: picked.shape, note: note.trim() } : { shape: picked.shape };
}
