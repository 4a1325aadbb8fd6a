// What package.json promises a learner in the editor, checked where a typo would otherwise only
// show in a running VS Code: trust, icons, keys, the walkthrough's markup and links, the README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './helpers/fixtures';

type Command = { command: string; title: string; category: string; icon?: string; enablement?: string };
type Keybinding = { command: string; key: string; when: string };
type Step = { id: string; description: string; completionEvents: string[] };

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const commands: Command[] = manifest.contributes.commands;
const keybindings: Keybinding[] = manifest.contributes.keybindings;
const steps: Step[] = manifest.contributes.walkthroughs[0].steps;
const command = (id: string) => commands.find((c) => c.command === `dlExercises.${id}`)!;

describe('the extension manifest', () => {
  it('Run Experiment and Run Sweep stay usable in Restricted Mode: they explain themselves there', () => {
    for (const id of ['runExperiment', 'runSweep']) assert.equal(command(id).enablement, undefined, id);
  });

  it('Run Experiment and Run Sweep do not look alike', () => {
    const plays = /^\$\((play|run|run-all|debug-start|debug-alt|run-above|run-below)[^)]*\)$/;
    assert.equal(command('runExperiment').icon, '$(play)');
    assert.doesNotMatch(command('runSweep').icon ?? '', plays);
  });

  it('keys for Run Experiment, Stop Experiment and Run Sweep, in learner files only', () => {
    for (const id of ['runExperiment', 'stopExperiment', 'runSweep']) {
      const binding = keybindings.find((k) => k.command === `dlExercises.${id}`);
      assert.ok(binding, `a key for ${id}`);
      assert.match(binding.when, /^editorTextFocus && dlExercises\.is(Learner|Sweep)File\b/, `${id}: ${binding.when}`);
    }
    const known = new Set(commands.map((c) => c.command));
    for (const binding of keybindings) assert.ok(known.has(binding.command), binding.command);
  });

  it('walkthrough steps: only markup VS Code renders there (**bold**, links), links to real commands', () => {
    const known = new Set(commands.map((c) => c.command));
    for (const step of steps) {
      assert.doesNotMatch(step.description.replace(/\*\*[^*]+\*\*/g, ''), /\*/, `${step.id}: a single * shows as is`);
      for (const [, id] of step.description.matchAll(/\(command:([\w.]+)\)/g)) {
        assert.ok(known.has(id) || id.startsWith('workbench.'), `${step.id} links to ${id}`);
      }
    }
  });

  it('the README lists every command and its key', () => {
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const { command: id, title, category } of commands) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${category}: ${title} |`));
      assert.ok(row, `a README row for ${id}`);
      const keys = keybindings.filter((k) => k.command === id).map((k) => k.key.split('+').map((part) => part[0].toUpperCase() + part.slice(1)).join('+'));
      assert.equal(row.split('|')[2].trim(), [...new Set(keys)].join(', '), `the key of ${id} in the README`);
    }
  });
});
