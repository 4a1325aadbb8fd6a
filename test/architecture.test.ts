// The map of ARCHITECTURE.md, enforced: which room may import which, where `vscode` may appear,
// that the panel's bundle reaches no Node-only module, and that source files stay small.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import * as ts from 'typescript';
import { REPO } from './helpers/fixtures';

type Room = 'engine' | 'trainer' | 'shared' | 'host' | 'cli' | 'extension' | 'webview';

/** What each room may import besides itself (ARCHITECTURE.md, "The rooms"). */
const MAY_IMPORT: Record<Room, readonly Room[]> = {
  engine: [],
  trainer: ['engine'],
  shared: ['engine', 'trainer'],
  host: ['engine', 'trainer', 'shared'],
  cli: ['engine', 'trainer', 'shared', 'host'],
  extension: ['engine', 'trainer', 'shared', 'host'],
  webview: ['shared'],
};
/** Of the trainer room, shared/ may read only the message types. */
const SHARED_MAY_READ_FROM_TRAINER = new Set(['src/trainer/protocol.ts']);
const MAX_LINES = 450;
/** Packages that cannot run in the webview (native, Node-only, or the training stack). */
const NODE_ONLY = /^(esbuild|sucrase|@tensorflow\/)/;
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

export interface SourceFile {
  /** Repository-relative, forward slashes. */
  file: string;
  text: string;
}

function roomOf(file: string): Room | undefined {
  if (file.startsWith('webview/src/')) return 'webview';
  const match = /^src\/([^/]+)\//.exec(file);
  return match && match[1] in MAY_IMPORT ? (match[1] as Room) : undefined;
}

function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}/index.ts`, base].find((candidate) => files.has(candidate));
}

function importsOf(source: SourceFile): string[] {
  return ts.preProcessFile(source.text, true, true).importedFiles.map((entry) => entry.fileName);
}

/** Every broken rule in these files, one line each (empty: the tree keeps the map). */
export function architectureViolations(sources: readonly SourceFile[]): string[] {
  const files = new Set(sources.map((s) => s.file));
  const byFile = new Map(sources.map((s) => [s.file, s]));
  const problems: string[] = [];
  const localImports = new Map<string, string[]>();
  for (const source of sources) {
    const room = roomOf(source.file);
    if (!room) continue;
    const lines = source.text.split('\n').length;
    if (lines > MAX_LINES) problems.push(`${source.file}: ${lines} lines (at most ${MAX_LINES}); split it along its seams`);
    const local: string[] = [];
    for (const specifier of importsOf(source)) {
      if (specifier === 'vscode' && room !== 'extension') problems.push(`${source.file}: imports vscode (only src/extension may)`);
      if (!specifier.startsWith('.')) continue;
      const target = resolveImport(source.file, specifier, files);
      if (!target) continue; // CSS and the like: the bundler's business
      local.push(target);
      const targetRoom = roomOf(target);
      if (!targetRoom || targetRoom === room) continue;
      if (!MAY_IMPORT[room].includes(targetRoom)) {
        problems.push(`${source.file}: imports ${target} (${room} may import ${MAY_IMPORT[room].join(', ') || 'nothing outside itself'})`);
      } else if (room === 'shared' && targetRoom === 'trainer' && !SHARED_MAY_READ_FROM_TRAINER.has(target)) {
        problems.push(`${source.file}: imports ${target} (shared may read only src/trainer/protocol.ts of the trainer)`);
      }
    }
    localImports.set(source.file, local);
  }
  // The panel bundle: everything reachable from the webview must run in a browser.
  const seen = new Set<string>();
  const queue = sources.filter((s) => roomOf(s.file) === 'webview').map((s) => s.file);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of importsOf(byFile.get(file)!)) {
      if (BUILTINS.has(specifier) || NODE_ONLY.test(specifier)) problems.push(`${file}: imports ${specifier}, which the webview bundle reaches and a browser cannot run`);
    }
    queue.push(...(localImports.get(file) ?? []));
  }
  return problems;
}

function readTree(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (/\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push({ file: rel, text: fs.readFileSync(path.join(REPO, rel), 'utf8') });
    }
  };
  walk('src');
  walk('webview/src');
  return out;
}

describe('architecture: the rooms and their imports (ARCHITECTURE.md)', () => {
  it('the source tree keeps the map', () => {
    assert.deepEqual(architectureViolations(readTree()), []);
  });

  it('every room of the map exists, and ARCHITECTURE.md names each', () => {
    const map = fs.readFileSync(path.join(REPO, 'ARCHITECTURE.md'), 'utf8');
    for (const room of Object.keys(MAY_IMPORT) as Room[]) {
      const dir = room === 'webview' ? 'webview/src' : `src/${room}`;
      assert.ok(fs.statSync(path.join(REPO, dir)).isDirectory(), dir);
      assert.match(map, new RegExp('`' + dir.replace('/', '\\/') + '/?`'), `ARCHITECTURE.md names ${dir}`);
    }
  });

  it('the CLI and the extension bundle no tfjs and no sucrase: only the trainer trains and compiles', async () => {
    // Loading tfjs took half of `dlx run`'s own start-up (a 2.5 MB bundle instead of 0.5 MB) for nothing:
    // the host verifies on the fused net's forward pass. A stray import chain brings it back.
    const esbuild = await import('esbuild');
    for (const entry of ['src/cli/main.ts', 'src/extension/extension.ts']) {
      const { metafile } = await esbuild.build({
        entryPoints: [path.join(REPO, entry)], absWorkingDir: REPO, bundle: true, write: false, metafile: true, logLevel: 'silent',
        platform: 'node', format: 'cjs', target: 'node20', external: ['@tensorflow/tfjs-node', 'vscode'],
      });
      const heavy = Object.keys(metafile.inputs).filter((input) => /node_modules\/(@tensorflow\/|sucrase\/)/.test(input));
      assert.deepEqual(heavy.slice(0, 3), [], `${entry} bundles ${heavy.length} files of tfjs or sucrase`);
    }
  });

  describe('catches a deliberate violation', () => {
    const engine = { file: 'src/engine/metrics.ts', text: "import type { RunRequest } from '../trainer/protocol';\n" };
    const protocol = { file: 'src/trainer/protocol.ts', text: "import type { RunResult } from '../engine/results';\n" };
    const results = { file: 'src/engine/results.ts', text: 'export interface RunResult { x: number }\n' };

    it('the engine importing from the trainer', () => {
      assert.deepEqual(architectureViolations([engine, protocol, results]), [
        'src/engine/metrics.ts: imports src/trainer/protocol.ts (engine may import nothing outside itself)',
      ]);
    });

    it('the webview going around shared/, and reaching Node through it', () => {
      const view = { file: 'webview/src/main.ts', text: "import { a } from '../../src/engine/results';\nimport { b } from '../../src/shared/fmt';\n" };
      const shared = { file: 'src/shared/fmt.ts', text: "import { c } from '../engine/data';\n" };
      const data = { file: 'src/engine/data.ts', text: "import * as fs from 'node:fs';\n" };
      assert.deepEqual(architectureViolations([view, shared, data, results]), [
        'webview/src/main.ts: imports src/engine/results.ts (webview may import shared)',
        'src/engine/data.ts: imports node:fs, which the webview bundle reaches and a browser cannot run',
      ]);
    });

    it('vscode outside the extension, shared reading the trainer core, and a long file', () => {
      const host = { file: 'src/host/store.ts', text: "import * as vscode from 'vscode';\n" };
      const shared = { file: 'src/shared/state.ts', text: "import { createTrainerCore } from '../trainer/core';\n" };
      const core = { file: 'src/trainer/core.ts', text: 'x\n'.repeat(MAX_LINES + 1) };
      assert.deepEqual(architectureViolations([host, shared, core]), [
        'src/host/store.ts: imports vscode (only src/extension may)',
        'src/shared/state.ts: imports src/trainer/core.ts (shared may read only src/trainer/protocol.ts of the trainer)',
        `src/trainer/core.ts: ${MAX_LINES + 2} lines (at most ${MAX_LINES}); split it along its seams`,
      ]);
    });
  });
});
