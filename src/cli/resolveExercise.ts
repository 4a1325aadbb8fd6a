// `dlx run many-qwerties`: an exercise named by its id, looked up in the packs in and below the
// current folder (a learner's folder may hold a copy of a pack), then in the packs `dlx install`
// put in its folder, then in the packs that come with dlx. A path to an exercise folder works as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../engine/errors';
import { closeNames } from '../engine/closeNames';
import { loadExercise, loadPack, type Exercise, type Pack } from '../engine/pack';
import { findPackDirs } from '../host/packDirs';
import { defaultInstallDir, installedPackDirs } from '../host/packInstall';

export function resolveExercise(name: string, cwd = process.cwd(), bundledDir = bundledPacksDir(), installedDir = defaultInstallDir()): Exercise {
  const dir = path.resolve(cwd, name);
  if (fs.existsSync(dir) || name.includes('/') || name.includes(path.sep)) return loadExercise(dir);
  const packDirs = [...new Set([...findPackDirs(cwd, 2), ...installedPackDirs(installedDir), ...(bundledDir ? findPackDirs(bundledDir, 1) : [])])];
  const exercises = packDirs.flatMap((packDir) => readPack(packDir)?.exercises ?? []);
  const found = exercises.find((exercise) => exercise.id === name);
  if (found) return found;
  const ids = [...new Set(exercises.map((exercise) => exercise.id))];
  const close = closeNames(name, ids);
  throw new DlxError('pack', [
    `There is no exercise folder or exercise id "${name}" here, in the installed packs (${installedDir}) or in the bundled packs.`,
    close.length ? `Did you mean ${close.map((id) => `"${id}"`).join(' or ')}?` : '',
    ids.length ? `Exercises: ${ids.join(', ')}.` : 'No exercise pack was found.',
  ].filter(Boolean).join(' '));
}

/** The `exercises` folder next to dlx's package.json (dist/cli.js and src/cli/ both sit below it). */
function bundledPacksDir(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'exercises'))) return path.join(dir, 'exercises');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A pack that does not load is not this command's business: `dlx validate` reports it. */
function readPack(dir: string): Pack | undefined {
  try {
    return loadPack(dir);
  } catch {
    return undefined;
  }
}
