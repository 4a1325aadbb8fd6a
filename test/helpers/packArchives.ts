// .dlxpack archives for tests: the fixture packs packed, and hand-made bad ones (yazl itself
// refuses to write an escaping name, so those are written with a stand-in name and patched).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yazl from 'yazl';
import { toRunError } from '../../src/engine/errors';
import type { RunError } from '../../src/engine/results';
import { archiveBytes, readPackContents, sha256, writePackArchive, type PackManifest } from '../../src/host/packArchive';
import { loadPack } from '../../src/engine/pack';
import { REPO, tempDir } from './fixtures';

export const FIXTURE_PACKS = path.join(REPO, 'test', 'fixtures', 'packs');
export const fixturePack = (version: 'v1' | 'v2') => path.join(FIXTURE_PACKS, `fixture-${version}`);

export async function fixtureArchive(version: 'v1' | 'v2'): Promise<string> {
  return (await writePackArchive(fixturePack(version), tempDir())).file;
}

/** The fixture's manifest and files, to change before packing them by hand. */
export function fixtureContents(version: 'v1' | 'v2'): { manifest: PackManifest; contents: Map<string, Buffer> } {
  return readPackContents(fixturePack(version), loadPack(fixturePack(version)));
}

export async function writeArchive(manifest: PackManifest, contents: Map<string, Buffer>): Promise<string> {
  const file = path.join(tempDir(), 'made.dlxpack');
  fs.writeFileSync(file, await archiveBytes(manifest, contents));
  return file;
}

/** A zip of these entries as given (no manifest unless listed), each with its own mode. */
export async function rawZip(entries: { name: string; data: Buffer; mode?: number }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { mode: entry.mode ?? 0o100644, mtime: new Date(2000, 0, 1) });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
  zip.end();
  return done;
}

/** Every occurrence of `from` in the bytes replaced by `to` (same length: offsets stay right). */
export function patchBytes(bytes: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('patchBytes keeps lengths');
  const out = Buffer.from(bytes);
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + 1)) out.write(to, at);
  return out;
}

/** An archive that declares `declared` bytes for its one big entry, which inflates to `actual`. */
export async function lyingSizeArchive(actual: number, declared: number): Promise<string> {
  const data = Buffer.alloc(actual);
  const manifest: PackManifest = { format: 1, name: 'bomb', version: '1.0.0', files: [{ path: 'big.bin', size: actual, sha256: sha256(data) }] };
  const bytes = await archiveBytes(manifest, new Map([['big.bin', data]]));
  // The central directory record of big.bin (signature 0x02014b50): uncompressed size at +24.
  for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 1)) {
    if (bytes.toString('utf8', at + 46, at + 46 + 7) === 'big.bin') bytes.writeUInt32LE(declared, at + 24);
  }
  const file = path.join(tempDir(), 'bomb.dlxpack');
  fs.writeFileSync(file, bytes);
  return file;
}

/** What an action that should be refused threw, as the catalogue's outcome. */
export async function refusal(action: () => Promise<unknown> | unknown): Promise<{ error?: RunError }> {
  try {
    await action();
    return {};
  } catch (error) {
    return { error: toRunError(error) };
  }
}
