// Done-when 5 of issue 18: install a .dlxpack, open one of its exercises, edit the learner file and
// run it, install version 2 over it: the edit and the progress survive, the exercise v2 dropped
// keeps its file, and the learner is told that the starter changed and shown the diff.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { InstallResult } from '../../../src/host/packInstall';
import { writePackArchive } from '../../../src/host/packArchive';
import { activated, extension, read, refresh, runExperiment, stubMessages, waitFor, workspaceDir } from './helpers';

const fixture = (version: 'v1' | 'v2') => path.join(extension().extensionPath, 'test', 'fixtures', 'packs', `fixture-${version}`);
const install = (file: string) => Promise.resolve(vscode.commands.executeCommand<InstallResult | undefined>('dlExercises.installPack', file));

describe('installing a pack and updating it', function () {
  this.timeout(120_000);
  let archives: { v1: string; v2: string };

  before(async function () {
    await activated();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-archives-'));
    archives = { v1: (await writePackArchive(fixture('v1'), out)).file, v2: (await writePackArchive(fixture('v2'), out)).file };
  });

  it('v1, an edited and run learner file, then v2: the edit and progress survive, the starter change is shown as a diff', async function () {
    const v1 = await install(archives.v1);
    assert.ok(v1, 'the install returns its result');
    assert.equal(v1.pack.version, '1.0.0');
    const listed = (await refresh()).find((entry) => entry.installed && entry.pack?.name === 'fixture-pack');
    assert.ok(listed, 'the installed pack is listed beside the workspace and bundled packs');
    assert.ok(listed.dir.startsWith(path.join(extension().extensionPath)) === false, `installed in global storage, not in the extension: ${listed.dir}`);

    const alpha = v1.pack.exercises.find((e) => e.id === 'alpha')!;
    const beta = v1.pack.exercises.find((e) => e.id === 'beta')!;
    await vscode.commands.executeCommand('dlExercises.openExercise', beta.dir);
    await vscode.commands.executeCommand('dlExercises.openExercise', alpha.dir);
    const learner = path.join(workspaceDir(), 'alpha.ts');
    assert.equal(read(learner), read(alpha.starter), 'the learner file is made from the starter');
    const starters = JSON.parse(read(path.join(workspaceDir(), '.dlx', 'starters.json')));
    assert.equal(starters['alpha.ts'].exercise, 'alpha', 'the starter it came from is recorded');

    const document = await vscode.workspace.openTextDocument(learner);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(0, 0), '// my own notes, kept across updates\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    const edited = read(learner);
    const snapshot = await runExperiment({ file: learner, exerciseDir: alpha.dir });
    assert.ok(snapshot?.result, 'the run finished');
    const progressFile = path.join(workspaceDir(), '.dlx', 'progress.json');
    const progress = read(progressFile);
    assert.equal(JSON.parse(progress).alpha.runs, 1, progress);

    const notices = stubMessages('showInformationMessage', (message) => (/starter of "Alpha" changed/.test(message) ? 'Show Diff' : undefined));
    let v2: InstallResult | undefined;
    try {
      v2 = await install(archives.v2);
      await waitFor('the starter-changed notice', () => notices.calls.find((c) => /starter of "Alpha" changed/.test(c.message)));
    } finally {
      notices.restore();
    }
    assert.ok(v2);
    assert.equal(v2.previousVersion, '1.0.0');
    assert.deepEqual(v2.removedExercises, ['beta']);
    assert.ok(notices.calls.some((c) => /^Installed Fixture pack 2\.0\.0 \(was 1\.0\.0\): 1 exercises\. No longer in the pack: beta; your files for them are kept\.$/.test(c.message)), JSON.stringify(notices.calls));
    const notice = notices.calls.find((c) => /starter of "Alpha" changed/.test(c.message))!;
    assert.equal(notice.message, 'The starter of "Alpha" changed in fixture-pack 2.0.0. Your alpha.ts is unchanged; compare it with the new starter?');

    assert.equal(read(learner), edited, 'the edited learner file is untouched');
    assert.equal(read(progressFile), progress, 'progress.json is untouched');
    assert.ok(fs.existsSync(path.join(workspaceDir(), 'beta.ts')), 'the dropped exercise keeps its learner file');
    const newStarter = v2.pack.exercises[0].starter;
    assert.equal(read(newStarter), read(path.join(fixture('v2'), 'alpha', 'starter.ts')));
    const diff = await waitFor('the diff of the learner file against the new starter', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.original.fsPath === learner && tab.input.modified.fsPath === newStarter));
    assert.match(diff.label, /alpha\.ts/);
    const after = (await refresh()).find((entry) => entry.installed && entry.pack?.name === 'fixture-pack');
    assert.equal(after?.pack?.version, '2.0.0');
    assert.deepEqual(after?.pack?.exercises.map((e) => e.id), ['alpha']);
  });

  it('going back to v1 asks first (modal): no keeps v2 and says why, yes installs v1', async function () {
    const refused = stubMessages('showWarningMessage');
    const errors = stubMessages('showErrorMessage');
    try {
      assert.equal(await install(archives.v1), undefined);
    } finally {
      refused.restore();
      errors.restore();
    }
    assert.equal(refused.calls[0]?.message, 'Version 2.0.0 of this pack is installed, and 1.0.0 is older. Go back to 1.0.0? Your own files and progress are kept either way.');
    assert.deepEqual(refused.calls[0].args[0], { modal: true });
    assert.match(errors.calls[0]?.message ?? '', /the pack was not installed\. fixture-pack 2\.0\.0 is installed, and 1\.0\.0 is older: refused/);
    const accepted = stubMessages('showWarningMessage', () => 'Install 1.0.0');
    let back: InstallResult | undefined;
    try {
      back = await install(archives.v1);
    } finally {
      accepted.restore();
    }
    assert.equal(back?.pack.version, '1.0.0');
  });

  it('from a git URL picked in the quick pick: asked with ignoreFocusOut, and a clone that fails says why', async function () {
    const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = { showQuickPick: window.showQuickPick, showInputBox: window.showInputBox };
    const asked: { what: string; options: { ignoreFocusOut?: boolean } }[] = [];
    window.showQuickPick = (items: unknown, options: unknown) => {
      asked.push({ what: 'pick', options: options as { ignoreFocusOut?: boolean } });
      return Promise.resolve((items as { source: string }[]).find((item) => item.source === 'git'));
    };
    window.showInputBox = (options: unknown) => {
      asked.push({ what: 'url', options: options as { ignoreFocusOut?: boolean } });
      return Promise.resolve('file:///no/such/repository.git');
    };
    const errors = stubMessages('showErrorMessage');
    try {
      assert.equal(await vscode.commands.executeCommand('dlExercises.installPack'), undefined);
    } finally {
      Object.assign(window, original);
      errors.restore();
    }
    assert.deepEqual(asked.map((a) => [a.what, a.options.ignoreFocusOut]), [['pick', true], ['url', true]]);
    assert.equal(errors.calls.length, 1, JSON.stringify(errors.calls));
    assert.match(errors.calls[0].message, /^DL Exercises: the pack was not installed\. git could not clone file:\/\/\/no\/such\/repository\.git: fatal: /);
  });

  it('New Exercise… scaffolds an exercise into a workspace pack, lists it and opens its exercise.json', async function () {
    const packDir = path.join(workspaceDir(), 'dudl-ann');
    const written = await vscode.commands.executeCommand<string[] | undefined>('dlExercises.newExercise', { packDir, id: 'my-new-one' });
    assert.ok(written?.some((file) => file.endsWith(path.join('my-new-one', 'starter.ts'))), JSON.stringify(written));
    assert.ok(JSON.parse(read(path.join(packDir, 'pack.json'))).exercises.includes('my-new-one'));
    const entry = (await refresh()).find((e) => e.dir === packDir);
    assert.ok(entry?.pack?.exercises.some((e) => e.id === 'my-new-one'), entry?.error);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(packDir, 'my-new-one', 'exercise.json'));
    const errors = stubMessages('showErrorMessage');
    try {
      await vscode.commands.executeCommand('dlExercises.newExercise', { packDir, id: 'my-new-one' });
    } finally {
      errors.restore();
    }
    assert.match(errors.calls[0]?.message ?? '', /pack\.json already lists an exercise "my-new-one"/);
  });

  it('New Exercise… into a new pack: the folder and the id are asked with ignoreFocusOut and checked as typed', async function () {
    const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = { showQuickPick: window.showQuickPick, showInputBox: window.showInputBox };
    type Box = { ignoreFocusOut?: boolean; validateInput: (text: string) => string | undefined };
    const boxes: Box[] = [];
    const answers = ['my-course', 'first-steps'];
    window.showQuickPick = (items: unknown) => Promise.resolve((items as { dir: string }[]).find((item) => item.dir === ''));
    window.showInputBox = (options: unknown) => (boxes.push(options as Box), Promise.resolve(answers.shift()));
    let written: string[] | undefined;
    try {
      written = await vscode.commands.executeCommand<string[] | undefined>('dlExercises.newExercise');
    } finally {
      Object.assign(window, original);
    }
    const [folder, id] = boxes;
    assert.deepEqual(boxes.map((box) => box.ignoreFocusOut), [true, true]);
    assert.match(folder.validateInput('no spaces!') ?? '', /Use letters, digits/);
    assert.match(folder.validateInput('dudl-ann') ?? '', /already exists and is not empty/);
    assert.equal(folder.validateInput('another-course'), undefined);
    assert.match(id.validateInput('First Steps') ?? '', /is not a usable exercise id/);
    assert.equal(id.validateInput('first-steps'), undefined);
    const packDir = path.join(workspaceDir(), 'my-course');
    assert.ok(written?.includes(path.join(packDir, 'pack.json')), JSON.stringify(written));
    const entry = (await refresh()).find((e) => e.dir === packDir);
    assert.deepEqual(entry?.pack?.exercises.map((e) => e.id), ['first-steps'], entry?.error);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(packDir, 'first-steps', 'exercise.json'));
  });
});
