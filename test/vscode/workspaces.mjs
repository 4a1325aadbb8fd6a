// Throw-away workspaces for the in-editor suite, shared by both runners: a temp folder holding a
// copy of the dudl-ann pack, so that VS Code activates the extension (workspaceContains:**/pack.json)
// and the learner files the tests create land outside the repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_INDEX = path.join(REPO, 'out/test/vscode/index.js');
// metaparams: a trusted workspace that also holds the dudl-metaparams pack (metaparamsPack.test.ts).
/** `install` (installing packs, test/vscode/suite/install.test.ts) runs trusted, in a window of its own: the packs it installs would change what the others count. */
// guidance: hints, the solution diff, states, sections, in a trusted workspace of its own.
export const SUITES = ['trusted', 'untrusted', 'metaparams', 'install', 'guidance'];

/** Makes $TMPDIR/dlx-ws-<suite>-XXXX/dudl-ann (a copy of exercises/dudl-ann, and dudl-metaparams for that suite); returns the folder. */
export function makeWorkspace(suite) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dlx-ws-${suite}-`));
  fs.cpSync(path.join(REPO, 'exercises/dudl-ann'), path.join(dir, 'dudl-ann'), { recursive: true });
  if (suite === 'metaparams') fs.cpSync(path.join(REPO, 'exercises/dudl-metaparams'), path.join(dir, 'dudl-metaparams'), { recursive: true });
  return dir;
}

export function removeWorkspace(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The arguments both runners take (`--suite`... `--grep`, `--help`) plus `options` of their own;
 * prints `usage` and exits on --help. Returns the values and the suites to run (default: all).
 */
export function parseRunnerArgs(usage, options) {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', multiple: true },
      grep: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      ...options,
    },
  });
  if (values.help) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  const suites = values.suite ?? SUITES;
  for (const s of suites) if (!SUITES.includes(s)) throw new Error(`unknown suite ${s} (${SUITES.join(', ')})`);
  return { values, suites };
}
