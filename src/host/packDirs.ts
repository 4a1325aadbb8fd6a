// Where packs are: folders with a pack.json. Shared by `dlx run <id>` and the extension's catalog,
// which both look for the packs that ship in the `exercises` folder beside package.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACK_FILE } from '../engine/pack';

const SKIPPED = new Set(['node_modules', '.git', '.dlx']);

/** Folders with a pack.json, `dir` and up to `depth` levels below it; a pack's own folders are not searched. */
export function findPackDirs(dir: string, depth: number): string[] {
  if (fs.existsSync(path.join(dir, PACK_FILE))) return [dir];
  if (depth === 0) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isDirectory() && !SKIPPED.has(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findPackDirs(path.join(dir, entry.name), depth - 1));
}
