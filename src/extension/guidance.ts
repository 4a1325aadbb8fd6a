// What the editor gives a stuck learner: Show Hint (the next hint of a ladder, src/engine/hints.ts,
// kept revealed in .dlx/progress.json), Insert Hint Code (at the cursor of the learner's file,
// an edit the learner can undo, never a save), and Compare with Solution (a diff against a
// read-only copy of the reference, asked once per exercise, refused when the pack hides it).
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { guidedChecks, inStepOrder, nextHint, revealedHints, stepHeading, type RevealedHint } from '../engine/hints';
import type { Exercise } from '../engine/pack';
import type { CheckResult } from '../engine/results';
import type { PanelGuidance, PanelSnapshot } from '../shared/panelProtocol';
import type { ExerciseCatalog } from './catalog';
import { pickExercise, type CommandArgument } from './commands';
import { learnerFilePath } from './learnerFiles';
import type { ProgressTracker } from './progressTracker';

export const SOLUTION_SCHEME = 'dlx-solution';

/** What Show Hint is called with from a check: the panel, a Test Explorer message (its test item) or a command link. */
export type HintArgument = CommandArgument | { exerciseDir: string; check?: number } | { test: vscode.TestItem };

export interface HintShown {
  exercise: string;
  /** The hint just revealed; undefined when every hint that applies was already shown. */
  revealed?: RevealedHint;
  /** Everything revealed so far, this one included. */
  all: RevealedHint[];
}

export type SolutionOutcome = 'shown' | 'hidden' | 'declined' | 'no-file';

export function hiddenSolutionMessage(exercise: Pick<Exercise, 'title'>): string {
  return `The reference solution of "${exercise.title}" is hidden by its pack: there is no solution to compare with. Try Show Hint, or ask your instructor.`;
}

/** What the Experiment panel asks of the guidance (src/extension/panelHost.ts). */
export interface PanelGuide {
  /** After a hint was revealed: the panel asks again. */
  readonly onDidReveal: vscode.Event<unknown>;
  forSnapshot(snapshot: PanelSnapshot | undefined): PanelGuidance | undefined;
  showHintFor(snapshot: PanelSnapshot | undefined, check?: number): Promise<unknown>;
  openStep(snapshot: PanelSnapshot | undefined, step: number): Promise<void>;
  insertRevealed(snapshot: PanelSnapshot | undefined, hint: number): Promise<unknown>;
}

export class Guidance implements PanelGuide {
  /** The checks of each exercise's latest verdict, to offer the failing checks' hints. */
  private readonly latestChecks = new Map<string, CheckResult[]>();
  private readonly changed = new vscode.EventEmitter<HintShown>();
  /** After a hint was revealed (the panel shows the revealed hints). */
  readonly onDidReveal = this.changed.event;

  constructor(
    private readonly catalog: ExerciseCatalog,
    private readonly tracker: ProgressTracker,
  ) {}

  noteVerdict(exercise: Exercise, checks: CheckResult[] | undefined): void {
    if (checks) this.latestChecks.set(exercise.dir, checks);
    else this.latestChecks.delete(exercise.dir);
  }

  revealed(exercise: Exercise): RevealedHint[] {
    return revealedHints(exercise, this.tracker.progress()[exercise.id]?.hintsRevealed ?? {});
  }

  async showHint(arg?: HintArgument): Promise<HintShown | undefined> {
    const { exercise, check } = await this.resolve(arg);
    if (!exercise) return undefined;
    const counts = this.tracker.progress()[exercise.id]?.hintsRevealed ?? {};
    const failing = (this.latestChecks.get(exercise.dir) ?? []).flatMap((result, i) => (result.passed ? [] : [i]));
    const next = nextHint(exercise, counts, { fromCheck: check, failing });
    if (next) this.tracker.recordHintsRevealed(exercise, next.ladder, next.index + 1);
    const shown: HintShown = { exercise: exercise.id, ...(next ? { revealed: next } : {}), all: this.revealed(exercise) };
    this.changed.fire(shown);
    if (!next) {
      const count = shown.all.length;
      void vscode.window.showInformationMessage(count === 0 ? `"${exercise.title}" has no hints.` : `Every hint of "${exercise.title}" is shown (${count}). They stay in the Experiment panel.`);
      return shown;
    }
    const about = next.about === 'the exercise' ? '' : ` (${next.about})`;
    const actions = next.hint.code ? ['Insert Code'] : [];
    void vscode.window.showInformationMessage(`Hint ${next.index + 1} of ${next.of}${about}: ${next.hint.text}`, ...actions).then((action) => {
      if (action === 'Insert Code') void this.insertCode(exercise, next.hint.code!);
    });
    return shown;
  }

  /** Inserts a hint's snippet at the cursor of the learner's file: an unsaved edit, undone with Undo. */
  async insertCode(target: Exercise | string, code: string): Promise<boolean> {
    const exercise = typeof target === 'string' ? this.catalog.exerciseByDir(target) : target;
    const file = exercise && learnerFilePath(exercise);
    if (!file || !fs.existsSync(file)) {
      void vscode.window.showWarningMessage('Open the exercise first (DL Exercises: Open Exercise): the snippet goes into your file.');
      return false;
    }
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    return editor.insertSnippet(new vscode.SnippetString().appendText(code), editor.selection.active);
  }

  async compareWithSolution(arg?: CommandArgument, confirm: (message: string) => Thenable<boolean> = confirmSolution): Promise<SolutionOutcome | undefined> {
    const exercise = await pickExercise(this.catalog, arg, 'Compare which exercise with its solution?');
    if (!exercise) return undefined;
    if (exercise.solutions === 'hidden') {
      void vscode.window.showWarningMessage(hiddenSolutionMessage(exercise));
      return 'hidden';
    }
    const file = learnerFilePath(exercise);
    if (!file || !fs.existsSync(file)) {
      void vscode.window.showWarningMessage(`There is no ${exercise.learnerFileName} to compare yet: open the exercise first.`);
      return 'no-file';
    }
    if (this.tracker.progress()[exercise.id]?.solutionShownAt === undefined) {
      if (!(await confirm(`Compare your ${exercise.learnerFileName} with the reference solution of "${exercise.title}"? Seeing it gives the exercise away; a hint may be enough.`))) return 'declined';
      this.tracker.recordSolutionShown(exercise);
    }
    const solution = vscode.Uri.from({ scheme: SOLUTION_SCHEME, path: `/${exercise.id}/solution${exercise.solution.slice(exercise.solution.lastIndexOf('.'))}`, query: exercise.dir });
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file), solution, `${exercise.learnerFileName} ↔ reference solution (read-only)`);
    return 'shown';
  }

  /** The exercise a run trained: by its learner file, else by its id. */
  private exerciseOf(snapshot: PanelSnapshot | undefined): Exercise | undefined {
    const byFile = snapshot?.learnerFile ? this.catalog.exerciseForFile(snapshot.learnerFile) : undefined;
    return byFile ?? this.catalog.exercises().find((exercise) => exercise.id === snapshot?.exercise?.id);
  }

  forSnapshot(snapshot: PanelSnapshot | undefined): PanelGuidance | undefined {
    const exercise = this.exerciseOf(snapshot);
    if (!exercise) return undefined;
    const counts = this.tracker.progress()[exercise.id]?.hintsRevealed ?? {};
    const failing = (snapshot?.result?.checks ?? []).flatMap((result, i) => (result.passed ? [] : [i]));
    return {
      exerciseId: exercise.id,
      checks: inStepOrder(guidedChecks(exercise)).map((check) => ({ index: check.index, ...(check.step === undefined ? {} : { step: check.step }), hasHints: check.hints.length > 0 })),
      hintsLeft: nextHint(exercise, counts, { failing }) !== undefined,
      revealed: revealedHints(exercise, counts).map(({ about, index, of, hint }) => ({ about, index, of, text: hint.text, ...(hint.code ? { code: hint.code } : {}) })),
    };
  }

  async showHintFor(snapshot: PanelSnapshot | undefined, check?: number): Promise<HintShown | undefined> {
    const exercise = this.exerciseOf(snapshot);
    if (!exercise) return undefined;
    if (snapshot?.result) this.noteVerdict(exercise, snapshot.result.checks);
    return this.showHint({ exerciseDir: exercise.dir, check });
  }

  /** The README at its "## Step N" heading, in a text editor beside (a preview cannot be opened at a line). */
  async openStep(snapshot: PanelSnapshot | undefined, step: number): Promise<void> {
    const exercise = this.exerciseOf(snapshot);
    if (!exercise) return;
    const heading = stepHeading(fs.readFileSync(exercise.instructions, 'utf8'), step);
    const position = new vscode.Position(heading?.line ?? 0, 0);
    await vscode.window.showTextDocument(vscode.Uri.file(exercise.instructions), { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(position, position), preview: true });
  }

  async insertRevealed(snapshot: PanelSnapshot | undefined, hint: number): Promise<boolean> {
    const exercise = this.exerciseOf(snapshot);
    const code = exercise && this.revealed(exercise)[hint]?.hint.code;
    return code ? this.insertCode(exercise, code) : false;
  }

  private async resolve(arg: HintArgument | undefined): Promise<{ exercise?: Exercise; check?: number }> {
    if (arg && typeof arg === 'object' && 'test' in arg) {
      const [dir, index] = arg.test.id.split('#');
      return { exercise: this.catalog.exerciseByDir(dir), ...(index === undefined ? {} : { check: Number(index) }) };
    }
    if (arg && typeof arg === 'object' && 'exerciseDir' in arg && 'check' in arg) {
      return { exercise: this.catalog.exerciseByDir(arg.exerciseDir), ...(arg.check === undefined ? {} : { check: arg.check }) };
    }
    return { exercise: await pickExercise(this.catalog, arg as CommandArgument, 'A hint for which exercise?') };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function confirmSolution(message: string): Thenable<boolean> {
  return vscode.window.showWarningMessage(message, { modal: true }, 'Compare').then((choice) => choice === 'Compare');
}

/** The reference solution as a read-only document: its URI's query is the exercise folder. */
class SolutionDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly catalog: ExerciseCatalog) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const exercise = this.catalog.exerciseByDir(uri.query);
    // The hidden check again: a URI typed by hand must not reveal what the command refuses.
    if (!exercise) return '// No such exercise.';
    if (exercise.solutions === 'hidden') return `// ${hiddenSolutionMessage(exercise)}`;
    return fs.readFileSync(exercise.solution, 'utf8');
  }
}

export function register(catalog: ExerciseCatalog, tracker: ProgressTracker): { guidance: Guidance; disposables: vscode.Disposable[] } {
  const guidance = new Guidance(catalog, tracker);
  return {
    guidance,
    disposables: [
      guidance,
      tracker.onDidChange(({ exercise, verdict }) => {
        if (verdict) guidance.noteVerdict(exercise, verdict.checks);
      }),
      vscode.workspace.registerTextDocumentContentProvider(SOLUTION_SCHEME, new SolutionDocuments(catalog)),
      vscode.commands.registerCommand('dlExercises.showHint', (arg?: HintArgument) => guidance.showHint(arg)),
      vscode.commands.registerCommand('dlExercises.insertHintCode', (exerciseDir: string, code: string) => guidance.insertCode(exerciseDir, code)),
      vscode.commands.registerCommand('dlExercises.compareWithSolution', (arg?: CommandArgument) => guidance.compareWithSolution(arg)),
    ],
  };
}
