// The optional tutor, Ask for Help: only when VS Code offers a language model
// (vscode.lm.selectChatModels; the command is hidden otherwise through the context key
// dlExercises.tutorAvailable, never an error and never a download). It sends the prompt of
// src/engine/tutorPrompt.ts, streams the answer into an output channel, and shows code it
// suggests as a diff against the learner's file; nothing is written to the file.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { buildTutorPrompt, suggestedCode } from '../engine/tutorPrompt';
import type { ExerciseCatalog } from './catalog';
import { pickExercise, type CommandArgument } from './commands';
import type { Guidance } from './guidance';
import { learnerFilePath } from './learnerFiles';
import type { ExperimentRunner } from './runner';

export const TUTOR_CONTEXT_KEY = 'dlExercises.tutorAvailable';
const SUGGESTION_SCHEME = 'dlx-tutor';

export type TutorOutcome = { answer: string; code?: string } | 'no-model' | 'cancelled';

async function chatModels(): Promise<vscode.LanguageModelChat[]> {
  try {
    return await vscode.lm.selectChatModels();
  } catch {
    return [];
  }
}

/** The learner's file with the suggested code at the cursor (when the file is the active editor), else at its end. */
function withSuggestion(file: string, source: string, code: string): string {
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.uri.fsPath !== file) return `${source.trimEnd()}\n\n${code}\n`;
  const lines = source.split('\n');
  const at = editor.selection.active.line;
  return [...lines.slice(0, at), code, ...lines.slice(at)].join('\n');
}

export function register(catalog: ExerciseCatalog, runner: ExperimentRunner, guidance: Guidance): vscode.Disposable[] {
  const suggestions = new Map<string, string>();
  let channel: vscode.OutputChannel | undefined;
  const update = async () => vscode.commands.executeCommand('setContext', TUTOR_CONTEXT_KEY, (await chatModels()).length > 0);
  void update();

  const ask = async (arg?: CommandArgument): Promise<TutorOutcome | undefined> => {
    const [model] = await chatModels();
    if (!model) return 'no-model';
    const exercise = await pickExercise(catalog, arg, 'Ask for help with which exercise?');
    if (!exercise) return undefined;
    const file = learnerFilePath(exercise);
    const source = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : fs.readFileSync(exercise.starter, 'utf8');
    const run = runner.snapshot?.exercise?.id === exercise.id ? runner.snapshot : undefined;
    const { rules, request } = buildTutorPrompt({
      exerciseTitle: exercise.title,
      readme: fs.readFileSync(exercise.instructions, 'utf8'),
      learnerFileName: exercise.learnerFileName,
      learnerSource: source,
      ...(run ? { lastRun: { metrics: run.result?.metrics, checks: run.result?.checks ?? [], advice: run.result?.advice, error: run.error?.message } } : {}),
      revealedHints: guidance.revealed(exercise).map((hint) => hint.hint.text),
    });
    channel ??= vscode.window.createOutputChannel('DL Exercises: Tutor');
    channel.clear();
    channel.show(true);
    channel.appendLine(`Tutor (${model.name}) on "${exercise.title}":\n`);
    const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'DL Exercises: asking the tutor…', cancellable: true }, async (_progress, token) => {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(rules), vscode.LanguageModelChatMessage.User(request)], { justification: 'DL Exercises sends your exercise, your file and your last run to get one hint.' }, token);
      let text = '';
      for await (const part of response.text) {
        text += part;
        channel!.append(part);
      }
      return token.isCancellationRequested ? undefined : text;
    });
    if (answer === undefined) return 'cancelled';
    const code = suggestedCode(answer);
    if (code && file) {
      const uri = vscode.Uri.from({ scheme: SUGGESTION_SCHEME, path: `/${exercise.id}/${exercise.learnerFileName}`, query: String(Date.now()) });
      suggestions.set(uri.toString(), withSuggestion(file, source, code));
      await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file), uri, `${exercise.learnerFileName} ↔ the tutor's suggestion (read-only)`);
    }
    return code ? { answer, code } : { answer };
  };

  return [
    vscode.lm.onDidChangeChatModels(() => void update()),
    vscode.workspace.registerTextDocumentContentProvider(SUGGESTION_SCHEME, { provideTextDocumentContent: (uri) => suggestions.get(uri.toString()) ?? '' }),
    vscode.commands.registerCommand('dlExercises.askForHelp', ask),
    { dispose: () => channel?.dispose() },
  ];
}
