// Installing a pack from a .dlxpack, a folder or a git URL into a folder of installed packs
// (`<into>/<pack name>/`). Everything is checked in a staging folder first; only a valid pack
// replaces an installed one, and then only the files the previous version installed: learner
// files live in the workspace and records in its `.dlx/`, and neither is ever touched here.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DlxError } from '../engine/errors';
import { loadPack, type Pack } from '../engine/pack';
import { ARCHIVE_EXTENSION, assertSemver, compareVersions, DEFAULT_ARCHIVE_LIMITS, packFiles, readPackArchive, type ArchiveLimits } from './packArchive';
import { writeJsonAtomic } from './recordFolder';

/** What an installed pack's folder remembers about how it got there. */
export const INSTALL_RECORD = '.dlx-install.json';

export type PackSource = { kind: 'archive'; file: string } | { kind: 'folder'; dir: string } | { kind: 'git'; url: string };

interface InstallRecord {
  /** Where it came from: an update must come from the same place (any .dlxpack counts as one place). */
  source: string;
  version: string;
  /** The files this install wrote, the only ones the next install may remove. */
  files: string[];
}

export interface InstallOptions {
  /** The folder of installed packs. */
  into: string;
  /** Install even when the version goes backwards. */
  force?: boolean;
  /** Asked, without `force`, whether to go back from the installed version to the older one (the editor's prompt). */
  confirmDowngrade?: (installed: string, incoming: string) => Promise<boolean>;
  limits?: ArchiveLimits;
  /** Packs the installed one must not share a name with (the bundled pack, the workspace's). */
  otherPacks?: { name: string; dir: string }[];
  /** The git program; tests point it at one that does not exist. */
  git?: string;
}

export interface InstallResult {
  pack: Pack;
  dir: string;
  /** The version it replaced, when it was installed before. */
  previousVersion?: string;
  /** Exercise ids of the previous version that this one dropped (their learner files are kept). */
  removedExercises: string[];
}

const GIT_URL = /^(https?:\/\/|ssh:\/\/|git:\/\/|file:\/\/|git@[^:]+:)/;

/** What the user typed: an archive, a folder, or a git URL. */
export function parsePackSource(text: string, cwd = process.cwd()): PackSource {
  if (GIT_URL.test(text)) return { kind: 'git', url: text };
  const resolved = path.resolve(cwd, text);
  if (!fs.existsSync(resolved)) throw new DlxError('pack', `${text} does not exist; install takes a ${ARCHIVE_EXTENSION} file, a pack folder or a git URL (https://, ssh://, git@host:path, file://).`);
  if (fs.statSync(resolved).isDirectory()) return { kind: 'folder', dir: resolved };
  if (!resolved.endsWith(ARCHIVE_EXTENSION)) throw new DlxError('pack', `${text} is neither a ${ARCHIVE_EXTENSION} archive nor a folder.`);
  return { kind: 'archive', file: resolved };
}

function describeSource(source: PackSource): string {
  if (source.kind === 'archive') return 'a .dlxpack archive';
  return source.kind === 'git' ? `git ${source.url}` : `the folder ${source.dir}`;
}

/** Clones into a fresh temporary folder with the system git; the caller removes it. */
export async function clonePack(url: string, git = 'git'): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-clone-'));
  try {
    // No prompt for credentials: a command that waits on a hidden terminal looks hung.
    await promisify(execFile)(git, ['clone', '--depth', '1', '--quiet', url, dir], { timeout: 120_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    return dir;
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    const { code, stderr } = error as { code?: string | number; stderr?: string };
    if (code === 'ENOENT') throw new DlxError('environment', `Installing from a git URL needs git, and "${git}" was not found. Install git (https://git-scm.com), or install the pack's ${ARCHIVE_EXTENSION} file or folder instead.`);
    const lines = String(stderr ?? (error as Error).message).trim().split('\n').filter(Boolean);
    throw new DlxError('pack', `git could not clone ${url}: ${lines.find((line) => line.startsWith('fatal:')) ?? lines.at(-1) ?? 'no message'}`);
  }
}

/** The pack's files from its source, as name -> bytes (an archive checked against its manifest). */
async function readSource(source: PackSource, options: InstallOptions): Promise<{ contents: Map<string, Buffer>; manifest?: { name: string; version: string } }> {
  if (source.kind === 'archive') return readPackArchive(source.file, options.limits ?? DEFAULT_ARCHIVE_LIMITS);
  const dir = source.kind === 'folder' ? source.dir : await clonePack(source.url, options.git);
  try {
    return { contents: new Map(packFiles(dir).map((file) => [file, fs.readFileSync(path.join(dir, file))])) };
  } finally {
    if (source.kind === 'git') fs.rmSync(dir, { recursive: true, force: true });
  }
}

function writeFiles(dir: string, contents: Map<string, Buffer>): void {
  for (const [file, data] of contents) {
    const target = path.join(dir, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
  }
}

function readRecord(dir: string): InstallRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, INSTALL_RECORD), 'utf8')) as InstallRecord;
  } catch {
    return undefined;
  }
}

/** Removes the files a previous install wrote that this one does not, and folders left empty. */
function removeStale(dir: string, previous: string[], current: Set<string>): void {
  for (const file of previous.filter((name) => !current.has(name))) {
    const target = path.join(dir, ...file.split('/'));
    fs.rmSync(target, { force: true });
    for (let parent = path.dirname(target); parent.startsWith(`${dir}${path.sep}`); parent = path.dirname(parent)) {
      if (fs.readdirSync(parent).length > 0) break;
      fs.rmdirSync(parent);
    }
  }
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export async function installPack(source: PackSource, options: InstallOptions): Promise<InstallResult> {
  const { contents, manifest } = await readSource(source, options);
  const into = path.resolve(options.into);
  fs.mkdirSync(into, { recursive: true });
  const staging = fs.mkdtempSync(path.join(into, '.staging-'));
  try {
    writeFiles(staging, contents);
    let pack: Pack;
    try {
      pack = loadPack(staging);
    } catch (error) {
      throw new DlxError('pack', `The pack was not installed: it does not validate. ${(error as Error).message}`);
    }
    if (manifest && (manifest.name !== pack.name || manifest.version !== pack.version)) {
      throw new DlxError('pack', `The archive's manifest says ${manifest.name} ${manifest.version}, but its pack.json says ${pack.name} ${pack.version}: refused.`);
    }
    if (!SAFE_NAME.test(pack.name)) throw new DlxError('pack', `The pack's name "${pack.name}" cannot name a folder; use letters, digits, ".", "_" and "-".`);
    assertSemver(pack.version, `${pack.name}'s pack.json: $.version`);
    const clash = options.otherPacks?.find((other) => other.name === pack.name);
    if (clash) throw new DlxError('pack', `A pack named "${pack.name}" is already here (${clash.dir}), and two packs with one name cannot be told apart. Rename the new pack (its pack.json "name") or remove the other one.`);
    const dir = path.join(into, pack.name);
    const record = fs.existsSync(dir) ? readRecord(dir) : undefined;
    if (fs.existsSync(dir) && !record) throw new DlxError('pack', `${dir} exists but was not installed by dlx; move it away first.`);
    const sourceText = describeSource(source);
    if (record && record.source !== sourceText) {
      throw new DlxError('pack', `A pack named "${pack.name}" is already installed from ${record.source}; this one comes from ${sourceText}. Two packs with one name cannot be told apart: rename one, or remove ${dir} first.`);
    }
    if (record && compareVersions(pack.version, record.version) < 0 && !options.force && !(await options.confirmDowngrade?.(record.version, pack.version))) {
      const how = options.confirmDowngrade ? `${record.version} stays installed` : 'use --force to go back to it';
      throw new DlxError('pack', `${pack.name} ${record.version} is installed, and ${pack.version} is older: refused (${how}).`);
    }
    const previousIds = record ? safeExerciseIds(dir) : [];
    fs.mkdirSync(dir, { recursive: true });
    removeStale(dir, record?.files ?? [], new Set(contents.keys()));
    writeFiles(dir, contents);
    writeJsonAtomic(path.join(dir, INSTALL_RECORD), { source: sourceText, version: pack.version, files: [...contents.keys()] } satisfies InstallRecord);
    const installed = loadPack(dir);
    const ids = new Set(installed.exercises.map((e) => e.id));
    return { pack: installed, dir, ...(record ? { previousVersion: record.version } : {}), removedExercises: previousIds.filter((id) => !ids.has(id)) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The exercise ids of an installed pack, none when it no longer loads. */
function safeExerciseIds(dir: string): string[] {
  try {
    return loadPack(dir).exercises.map((e) => e.id);
  } catch {
    return [];
  }
}

/** The installed packs' folders (`<into>/<name>/` with a pack.json), sorted. */
export function installedPackDirs(into: string): string[] {
  if (!fs.existsSync(into)) return [];
  return fs.readdirSync(into, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && fs.existsSync(path.join(into, entry.name, 'pack.json')))
    .map((entry) => path.join(into, entry.name))
    .sort();
}

/** Where `dlx install` puts packs without --into: $DLX_PACKS_DIR, else ~/.dlx/packs. */
export function defaultInstallDir(): string {
  return process.env.DLX_PACKS_DIR || path.join(os.homedir(), '.dlx', 'packs');
}
