// `.dlxpack` archives: a zip of a pack's files with a manifest (name, version, each file's size
// and sha256). Written reproducibly (sorted entries, fixed times and modes, one compression), so
// the same pack gives the same bytes; read defensively, because an archive comes from anyone.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yauzl from 'yauzl';
import * as yazl from 'yazl';
import { DlxError } from '../engine/errors';
import { loadPack, type Pack } from '../engine/pack';
import { parseJson, Validator } from '../engine/validate';

export const MANIFEST_FILE = 'dlxpack.json';
export const ARCHIVE_EXTENSION = '.dlxpack';
export const ARCHIVE_FORMAT = 1;

export interface ManifestFile {
  /** Relative to the pack folder, forward slashes. */
  path: string;
  size: number;
  sha256: string;
}

export interface PackManifest {
  format: typeof ARCHIVE_FORMAT;
  name: string;
  version: string;
  files: ManifestFile[];
}

export interface ArchiveLimits {
  /** Entries in the zip, the manifest included. */
  maxEntries: number;
  /** Bytes of all files once inflated, counted as they inflate (a declared size can lie). */
  maxTotalBytes: number;
  /** Bytes of the .dlxpack file itself. */
  maxArchiveBytes: number;
}

/** Far above any pack of exercises (the bundled one is 38 files, 0.3 MB), far below a bomb. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 5000, maxTotalBytes: 256 * 1024 * 1024, maxArchiveBytes: 128 * 1024 * 1024 };

/** Not part of a pack: version control, records of runs, install bookkeeping, built archives. */
const SKIPPED_DIRS = new Set(['node_modules']);
const isSkipped = (name: string) => name.startsWith('.') || SKIPPED_DIRS.has(name) || name.endsWith(ARCHIVE_EXTENSION);

/** Every file of the pack, relative with forward slashes, sorted; links are refused (they could lead anywhere). */
export function packFiles(packDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (isSkipped(entry.name)) continue;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) throw new DlxError('pack', `${relative} is a symbolic link; a pack holds plain files only.`);
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relative);
      else if (entry.isFile()) files.push(relative);
    }
  };
  walk(packDir, '');
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The pack's files with their hashes, read once: what is hashed is what is written. */
export function readPackContents(packDir: string, pack: Pack): { manifest: PackManifest; contents: Map<string, Buffer> } {
  const contents = new Map(packFiles(packDir).map((file) => [file, fs.readFileSync(path.join(packDir, file))]));
  const files = [...contents].map(([file, data]) => ({ path: file, size: data.length, sha256: sha256(data) }));
  return { manifest: { format: ARCHIVE_FORMAT, name: pack.name, version: pack.version, files }, contents };
}

// Local-time fields, as zip stores them: the same DOS timestamp in every time zone.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const ENTRY_OPTIONS: yazl.EntryOptions = { mtime: FIXED_MTIME, mode: 0o100644, compress: true, forceZip64Format: false };

export function archiveName(pack: Pick<Pack, 'name' | 'version'>): string {
  return `${pack.name}-${pack.version}${ARCHIVE_EXTENSION}`;
}

/** The archive's bytes: the manifest first, then the files in the manifest's order. */
export async function archiveBytes(manifest: PackManifest, contents: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_FILE, ENTRY_OPTIONS);
  for (const file of manifest.files) zip.addBuffer(contents.get(file.path)!, file.path, ENTRY_OPTIONS);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  zip.end();
  return done;
}

/** `dlx pack`: validates the pack's format and files, then writes `<name>-<version>.dlxpack` into `outDir`. */
export async function writePackArchive(packDir: string, outDir: string): Promise<{ file: string; manifest: PackManifest }> {
  const dir = path.resolve(packDir);
  const pack = loadPack(dir);
  assertSemver(pack.version, `${pack.name}'s pack.json: $.version`);
  const { manifest, contents } = readPackContents(dir, pack);
  const bytes = await archiveBytes(manifest, contents);
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(path.resolve(outDir), archiveName(pack));
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
  return { file, manifest };
}

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Installing compares versions, so a distributed pack's version must be semantic (1.2.0). */
export function assertSemver(version: string, where: string): void {
  if (!SEMVER.test(version)) throw new DlxError('pack', `${where} is "${version}"; a pack that is distributed needs a semantic version like "1.2.0", so updates can be told from downgrades.`);
}

/** Semantic-version order: negative when a < b. A pre-release comes before its release. */
export function compareVersions(a: string, b: string): number {
  const [, ...pa] = SEMVER.exec(a) ?? fail(a);
  const [, ...pb] = SEMVER.exec(b) ?? fail(b);
  for (let i = 0; i < 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
  if (pa[3] === pb[3]) return 0;
  if (pa[3] === undefined) return 1;
  if (pb[3] === undefined) return -1;
  const ia = pa[3].split('.');
  const ib = pb[3].split('.');
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    if (ia[i] === ib[i]) continue;
    const na = /^\d+$/.test(ia[i]);
    const nb = /^\d+$/.test(ib[i]);
    if (na && nb) return Number(ia[i]) - Number(ib[i]);
    if (na !== nb) return na ? -1 : 1;
    return ia[i] < ib[i] ? -1 : 1;
  }
  return ia.length - ib.length;
}

function fail(version: string): never {
  throw new DlxError('pack', `"${version}" is not a semantic version like "1.2.0".`);
}

/** Why this entry name may not be written below a target folder, or undefined when it may. */
function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\\')) return 'uses backslashes';
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..')) return 'climbs out with ".."';
  if (name.includes('\0')) return 'holds a NUL character';
  return undefined;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number, name: string, limits: ArchiveLimits): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > budget) {
      stream.destroy();
      throw new DlxError('pack', `The archive inflates beyond ${limits.maxTotalBytes} bytes (at ${name}, which declared ${entry.uncompressedSize}): refused as a zip bomb.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and checks a `.dlxpack`: every entry a plain file with a safe relative name, the count and
 * the inflated bytes bounded, the manifest present, and its file list and hashes exactly the archive's.
 */
export async function readPackArchive(file: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<{ manifest: PackManifest; contents: Map<string, Buffer> }> {
  const label = path.basename(file);
  const size = fs.statSync(file).size;
  if (size > limits.maxArchiveBytes) throw new DlxError('pack', `${label} is ${size} bytes; archives are limited to ${limits.maxArchiveBytes}.`);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(fs.readFileSync(file), { lazyEntries: true, decodeStrings: false, validateEntrySizes: false });
  } catch (error) {
    throw new DlxError('pack', `${label} is not a readable zip archive: ${(error as Error).message}.`);
  }
  if (zip.entryCount > limits.maxEntries) throw new DlxError('pack', `${label} has ${zip.entryCount} entries; archives are limited to ${limits.maxEntries}: refused.`);
  const entries = new Map<string, Buffer>();
  let inflated = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = (entry.fileName as Buffer).toString('utf8');
      const unsafe = unsafeEntryName(name);
      if (unsafe) throw new DlxError('pack', `${label}: the entry "${name}" ${unsafe}, which would write outside the pack folder: refused.`);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw new DlxError('pack', `${label}: the entry "${name}" is a symbolic link; a pack holds plain files only: refused.`);
      if (entry.isEncrypted()) throw new DlxError('pack', `${label}: the entry "${name}" is encrypted: refused.`);
      if (name.endsWith('/')) continue;
      if (entries.has(name)) throw new DlxError('pack', `${label}: the entry "${name}" appears twice: refused.`);
      const data = await inflate(zip, entry, limits.maxTotalBytes - inflated, name, limits);
      inflated += data.length;
      entries.set(name, data);
    }
  } finally {
    zip.close();
  }
  const manifestBytes = entries.get(MANIFEST_FILE);
  if (!manifestBytes) throw new DlxError('pack', `${label} has no ${MANIFEST_FILE}: it is not a .dlxpack made by \`dlx pack\`.`);
  entries.delete(MANIFEST_FILE);
  const manifest = parseManifest(parseJson(manifestBytes.toString('utf8'), `${label}: ${MANIFEST_FILE}`, 'pack'), `${label}: ${MANIFEST_FILE}`);
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of entries.keys()) if (!listed.has(name)) throw new DlxError('pack', `${label}: "${name}" is in the archive but not in its manifest: refused.`);
  for (const expected of manifest.files) {
    const data = entries.get(expected.path);
    if (!data) throw new DlxError('pack', `${label}: the manifest lists "${expected.path}", which the archive does not hold.`);
    const actual = sha256(data);
    if (actual !== expected.sha256 || data.length !== expected.size) {
      throw new DlxError('pack', `${label}: "${expected.path}" does not match its manifest (sha256 ${actual.slice(0, 12)}…, expected ${expected.sha256.slice(0, 12)}…): the archive is damaged or was altered.`);
    }
  }
  return { manifest, contents: entries };
}

function parseManifest(raw: unknown, label: string): PackManifest {
  const v = new Validator(label, 'pack');
  const object = v.object(raw, '$');
  v.onlyKeys(object, '$', ['format', 'name', 'version', 'files']);
  if (object.format !== ARCHIVE_FORMAT) v.fail('$.format', `must be ${ARCHIVE_FORMAT} (this dlx reads format ${ARCHIVE_FORMAT}), got ${JSON.stringify(object.format)}.`);
  const files = v.array(object.files, '$.files').map((entry, i) => {
    const file = v.object(entry, `$.files[${i}]`);
    v.onlyKeys(file, `$.files[${i}]`, ['path', 'size', 'sha256']);
    const hash = v.string(file.sha256, `$.files[${i}].sha256`);
    if (!/^[0-9a-f]{64}$/.test(hash)) v.fail(`$.files[${i}].sha256`, 'must be 64 lowercase hex digits.');
    return { path: v.string(file.path, `$.files[${i}].path`), size: v.number(file.size, `$.files[${i}].size`, { min: 0, integer: true }), sha256: hash };
  });
  return { format: ARCHIVE_FORMAT, name: v.string(object.name, '$.name'), version: v.string(object.version, '$.version'), files };
}
