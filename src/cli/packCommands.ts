// `dlx pack`, `dlx install` and `dlx new`: a pack into a reproducible .dlxpack, a .dlxpack, folder
// or git URL into the folder of installed packs, and a new pack or exercise that validates at once.
import * as path from 'node:path';
import { DlxError } from '../engine/errors';
import { scaffoldExercise, scaffoldPack } from '../engine/scaffold';
import { writePackArchive } from '../host/packArchive';
import { defaultInstallDir, installPack, parsePackSource } from '../host/packInstall';
import { changedStarters } from '../host/starterRecords';

type Values = Record<string, string | boolean | string[] | undefined>;

export async function commandPack(positionals: string[], values: Values): Promise<number> {
  const packDir = positionals[0] ?? missing('dlx pack needs a pack folder.');
  const outDir = (values.out as string | undefined) ?? process.cwd();
  const { file, manifest } = await writePackArchive(packDir, outDir);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file) || file}: ${manifest.name} ${manifest.version}, ${manifest.files.length} files.\n`);
  return 0;
}

export async function commandInstall(positionals: string[], values: Values, cwd = process.cwd()): Promise<number> {
  const source = parsePackSource(positionals[0] ?? missing('dlx install needs a .dlxpack file, a pack folder or a git URL.'), cwd);
  const into = path.resolve((values.into as string | undefined) ?? defaultInstallDir());
  const result = await installPack(source, { into, force: Boolean(values.force) });
  const { pack } = result;
  const was = result.previousVersion ? ` (was ${result.previousVersion})` : '';
  process.stdout.write(`Installed ${pack.name} ${pack.version}${was} in ${result.dir}: ${pack.exercises.length} exercises.\n`);
  if (result.removedExercises.length) {
    process.stdout.write(`No longer in the pack: ${result.removedExercises.join(', ')}. Your files for them are kept.\n`);
  }
  for (const changed of changedStarters(cwd, pack.exercises)) {
    process.stdout.write(`The starter of ${changed.exercise.id} changed since your ${path.basename(changed.learnerFile)} was made from it (your file is unchanged). Compare: diff ${path.relative(cwd, changed.learnerFile)} ${changed.exercise.starter}\n`);
  }
  return 0;
}

function missing(message: string): never {
  throw new DlxError('settings', message);
}

/** `dlx new pack <dir>` and `dlx new exercise <pack-dir> <id>`. */
export function commandNew(positionals: string[]): number {
  const [what, target, id] = positionals;
  let written: string[];
  if (what === 'pack') written = scaffoldPack(target ?? missing('dlx new pack needs a folder.'));
  else if (what === 'exercise') written = scaffoldExercise(target ?? missing('dlx new exercise needs a pack folder and an id.'), id ?? missing('dlx new exercise needs an id, like `dlx new exercise my-pack learning-rates`.'));
  else missing(`dlx new makes a "pack" or an "exercise", got ${what === undefined ? 'nothing' : `"${what}"`}.`);
  for (const file of written) process.stdout.write(`created ${path.relative(process.cwd(), file) || file}\n`);
  process.stdout.write(`Next: edit the files, then \`dlx validate ${what === 'pack' ? target : target}\`.\n`);
  return 0;
}
