// The trainer's code cache (src/trainer/codeCache.ts is the preload that uses it): which file a
// trainer child reads, and the warm-up child that writes it when it is missing. The file is keyed by
// everything V8 checks or cannot see: its own version, the heap cap and the other V8 flags (part of
// V8's check), and the bundle's size and modification time (V8 compares only the source's length).
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_CACHE_FILE_ENV, CODE_CACHE_MAKE_ENV } from '../trainer/codeCacheEnv';

/** Next to the trainer bundle; esbuild.config.mjs builds it. */
export const CODE_CACHE_PRELOAD = 'trainer-code-cache.js';
/** The folder of cache files, next to the bundle: readable in the trainer's sandbox, rebuilt with it. */
export const CODE_CACHE_DIR = 'code-cache';

export interface CodeCachePlan {
  execArgv: string[];
  env: Record<string, string>;
}

const warming = new Set<string>();

/**
 * V8 flags of every trainer child, and of the warm-up child (V8 refuses a cache made under other flags).
 * No on-stack replacement: Node 20's V8 keeps a function's OSR code after it deoptimizes eagerly and
 * enters it again: the fused net's forward pass, whose code the closures of every net a worker builds
 * share, then deoptimized on every call (in about one sweep of three here, hundreds of times, a third
 * of that worker's time). Functions are still optimized, from their next call on.
 */
export const TRAINER_V8_FLAGS: readonly string[] = ['--no-use-osr'];

/**
 * The environment a trainer child starts from: the caller's, without NODE_EXTRA_CA_CERTS, which Node
 * reads and parses at every start (about 70 ms of CPU for a system bundle here, more than the rest of
 * Node's start) and a trainer, which opens no connection, never uses.
 */
export function trainerEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...rest } = env;
  return rest;
}

function v8Flags(memoryMb: number): string[] {
  return [`--max-old-space-size=${memoryMb}`, ...TRAINER_V8_FLAGS];
}

/** The cache file for this bundle, runtime and heap cap; undefined when the bundle is not there. */
export function codeCacheFile(trainerPath: string, memoryMb: number): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(trainerPath);
  } catch {
    return undefined;
  }
  const key = [process.versions.v8, memoryMb, ...TRAINER_V8_FLAGS, stat.size, Math.round(stat.mtimeMs)].join('-').replace(/[^\w.-]/g, '_');
  return path.join(path.dirname(trainerPath), CODE_CACHE_DIR, `${path.basename(trainerPath, '.js')}-${key}.bin`);
}

/** The heap cap and V8 flags (they must match the cache's) and, with the preload built, the cache to read. */
export function trainerStartFlags(trainerPath: string, memoryMb: number): CodeCachePlan {
  const preload = path.join(path.dirname(trainerPath), CODE_CACHE_PRELOAD);
  const file = codeCacheFile(trainerPath, memoryMb);
  if (!file || !fs.existsSync(preload)) return { execArgv: v8Flags(memoryMb), env: {} };
  if (!fs.existsSync(file)) warmUp(trainerPath, preload, file, memoryMb);
  // The make flag cleared: a trainer inheriting it would write a cache and exit instead of running.
  return { execArgv: [...v8Flags(memoryMb), `--require=${preload}`], env: { [CODE_CACHE_FILE_ENV]: file, [CODE_CACHE_MAKE_ENV]: '' } };
}

/**
 * Writes the cache in a child of its own that loads the bundle and exits, beside the run that asked
 * (that one compiles as before); once per file in this process. Where the folder cannot be written
 * (a read-only install), trainers go on without a cache.
 */
function warmUp(trainerPath: string, preload: string, file: string, memoryMb: number): void {
  if (warming.has(file)) return;
  warming.add(file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
  } catch {
    return;
  }
  // The argument keeps it apart from trainers (their command line ends with the bundle's name).
  const child = fork(trainerPath, ['code-cache'], {
    execArgv: [...v8Flags(memoryMb), `--require=${preload}`],
    env: { ...trainerEnvironment(), [CODE_CACHE_FILE_ENV]: file, [CODE_CACHE_MAKE_ENV]: '1' },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  child.on('error', () => undefined);
  // It never takes a run: no messages, and the caller may exit before it is done.
  child.disconnect();
  child.unref();
}
