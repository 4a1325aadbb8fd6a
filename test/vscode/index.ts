// The test index VS Code loads in the extension host (--extensionTestsPath): runs one suite with
// mocha. Shared by both runners (test/e2e/dlx-e2e.mjs and test/vscode/runElectron.mjs).
//
// Env:
//   DLX_VSCODE_SUITE  `trusted` (firstMinutes, status, trusted, trust, sweeps, engineHalf, gradientDescent, regularizationPack and saveLoad),
//                     `metaparams` (metaparamsPack), `install` (install), `guidance` (guidance) or `untrusted` (the runner opens a
//                     matching workspace); default:
//                     `trusted` when vscode.workspace.isTrusted, else `untrusted`
//   DLX_VSCODE_GREP   run only the tests whose full title matches this regular expression
//   DLX_E2E_RESULTS   set by the code-server harness: where the results JSON goes
//                     (see scripts/README-e2e.md); unset under @vscode/test-electron
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { finishPage } from './suite/page';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runMocha } = require('../e2e/exthost-helpers.cjs') as { runMocha: (mocha: Mocha) => Promise<unknown> };

const SUITE_FILES: Record<string, string[]> = {
  trusted: ['firstMinutes', 'status', 'trusted', 'trust', 'sweeps', 'engineHalf', 'gradientDescent', 'regularizationPack', 'saveLoad'],
  untrusted: ['untrusted'],
  // A trusted workspace with the dudl-metaparams pack too: one of its exercises, run and shown.
  metaparams: ['metaparamsPack'],
  // Its own window: the packs it installs would change the counts the trusted suite checks.
  install: ['install'],
  // Hints, the solution diff, states, sections: a trusted workspace of its own.
  guidance: ['guidance'],
};

export async function run(): Promise<void> {
  const suite = process.env.DLX_VSCODE_SUITE || (vscode.workspace.isTrusted ? 'trusted' : 'untrusted');
  const files = SUITE_FILES[suite];
  if (!files) throw new Error(`DLX_VSCODE_SUITE must be one of ${Object.keys(SUITE_FILES).join(', ')}, not ${suite}`);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000, slow: 5_000 });
  if (process.env.DLX_VSCODE_GREP) mocha.grep(new RegExp(process.env.DLX_VSCODE_GREP));
  // In the trusted workspace: a fresh profile's first minutes first (the walkthrough opens on the
  // first activation), then the statuses, the learner flow, forged and escaping learner code, and
  // the sweeps after it.
  for (const file of files) mocha.addFile(path.join(__dirname, 'suite', `${file}.test.js`));
  try {
    await runMocha(mocha);
  } finally {
    // Tell the browser side (code-server harness) that no more requests come.
    await finishPage();
  }
}
