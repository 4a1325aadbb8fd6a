// A folder of JSON records (`.dlx/runs/`, `.dlx/sweeps/`), each written atomically so a crash or
// a reload never leaves a torn file, and read back through the reader of its format.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Temp file in the same folder, then rename: readers see the old file or the new one, never half. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

/** JSON text of a record, NaN and Infinity as null, ending in a newline. */
export function toJsonText(value: unknown, indent?: number): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), indent)}\n`;
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, toJsonText(value));
}

/** Records named `<start time>-<exercise>-<id>.json`, so that the newest sort last. */
export class RecordFolder<T> {
  constructor(
    readonly dir: string,
    /** The record in a parsed file, or undefined for a foreign or damaged one. */
    private readonly read: (value: unknown) => T | undefined,
  ) {}

  /** The file of a record: the same for every write of it. */
  file(startedAt: number, exercise: string, id: string): string {
    return path.join(this.dir, `${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}-${exercise}-${id}.json`);
  }

  /** Newest first. Unreadable files (from another version, or hand-edited) are skipped. */
  recent(limit: number): T[] {
    if (!fs.existsSync(this.dir)) return [];
    const records: T[] = [];
    for (const name of fs.readdirSync(this.dir).filter((n) => n.endsWith('.json')).sort().reverse()) {
      if (records.length >= limit) break;
      const record = this.readFile(name);
      if (record) records.push(record);
    }
    return records;
  }

  /** The record with this id, if any. */
  find(id: string): T | undefined {
    if (!/^[a-z0-9]+$/i.test(id) || !fs.existsSync(this.dir)) return undefined;
    const name = fs.readdirSync(this.dir).find((file) => file.endsWith(`-${id}.json`));
    return name ? this.readFile(name) : undefined;
  }

  private readFile(name: string): T | undefined {
    try {
      return this.read(JSON.parse(fs.readFileSync(path.join(this.dir, name), 'utf8')));
    } catch {
      // A foreign or damaged file: not ours to fail on.
      return undefined;
    }
  }
}
