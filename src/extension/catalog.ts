// Finds exercise packs: every folder of the workspace with a pack.json, the installed packs (in the
// extension's global storage, `installPack`), and the packs bundled with the extension (`exercises/`).
// Reading pack.json is reading data, so this works in Restricted Mode too.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadPack, PACK_FILE, type Exercise, type Pack } from '../engine/pack';
import { findPackDirs } from '../host/packDirs';
import { installedPackDirs } from '../host/packInstall';

export type PackEntry = { dir: string; bundled: boolean; installed: boolean } & ({ pack: Pack; error?: undefined } | { pack?: undefined; error: string });

/** What a pack's row says beside its title, in the Exercises view and the Test Explorer: where it comes from. */
export function packOrigin(entry: PackEntry): string {
  if (entry.error !== undefined) return 'invalid pack';
  return entry.bundled ? 'bundled' : entry.installed ? `installed, ${entry.pack.version}` : entry.pack.name;
}

export class ExerciseCatalog implements vscode.Disposable {
  private entries: PackEntry[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(`**/{${PACK_FILE},exercise.json}`);

  constructor(
    /** The folder the bundled packs are in, one folder each. */
    private readonly bundledPacksDir: string,
    private readonly installedPacksDir: string,
  ) {
    const refresh = () => void this.refresh();
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidChange(refresh);
    this.watcher.onDidDelete(refresh);
  }

  async refresh(): Promise<PackEntry[]> {
    const found = await vscode.workspace.findFiles(`**/${PACK_FILE}`, '**/{node_modules,.git,.dlx}/**', 50);
    const installed = installedPackDirs(this.installedPacksDir);
    const bundled = findPackDirs(this.bundledPacksDir, 1);
    const dirs = [...new Set(found.map((uri) => path.dirname(uri.fsPath)))].filter((dir) => !bundled.includes(dir) && !installed.includes(dir)).sort();
    this.entries = [
      ...dirs.map((dir) => load(dir, 'workspace')),
      ...installed.map((dir) => load(dir, 'installed')),
      ...bundled.map((dir) => load(dir, 'bundled')),
    ];
    this.changed.fire();
    return this.entries;
  }

  packs(): PackEntry[] {
    return this.entries;
  }

  exercises(): Exercise[] {
    return this.entries.flatMap((entry) => entry.pack?.exercises ?? []);
  }

  exerciseByDir(dir: string): Exercise | undefined {
    return this.exercises().find((exercise) => exercise.dir === dir);
  }

  /** A pack's title as pack.json gives it, else its folder's name. */
  packTitle(dir: string): string {
    return this.entries.find((entry) => entry.dir === dir)?.pack?.title ?? path.basename(dir);
  }

  /** The exercise a file belongs to: by its learner file name, or because it is a starter/solution. */
  exerciseForFile(file: string): Exercise | undefined {
    const name = path.basename(file);
    const all = this.exercises();
    return all.find((e) => e.starter === file || e.solution === file) ?? all.find((e) => e.learnerFileName === name);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

function load(dir: string, where: 'workspace' | 'installed' | 'bundled'): PackEntry {
  const origin = { dir, bundled: where === 'bundled', installed: where === 'installed' };
  try {
    return { ...origin, pack: loadPack(dir) };
  } catch (error) {
    return { ...origin, error: (error as Error).message };
  }
}
