// Preloaded into a trainer child (`--require`, planned by src/host/codeCache.ts): compiles the
// trainer bundle with V8's code cache, so a trainer skips parsing and compiling its 3 MB, about half
// of the time it takes to load (Node 20 has no module.enableCompileCache; it came in 22.1). The
// cache is written only by a warm-up child that loads the bundle and exits, never taking a run, so
// it holds our own bytecode and nothing learner code made. V8 refuses a cache of another version
// or other V8 flags (the heap cap is one: the host keys the file by it), and then the bundle
// compiles as it would without this.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { CODE_CACHE_FILE_ENV, CODE_CACHE_MAKE_ENV, CODE_CACHE_STATE_ENV } from './codeCacheEnv';

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

const cacheFile = process.env[CODE_CACHE_FILE_ENV];
const making = process.env[CODE_CACHE_MAKE_ENV] === '1';
const mainFile = process.argv[1] && path.resolve(process.argv[1]);
const prototype = (Module as unknown as { prototype: CompilingModule }).prototype;
const compile = prototype._compile;

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

if (cacheFile && mainFile) {
  prototype._compile = function compileWithCache(this: CompilingModule, content: string, filename: string) {
    if (filename !== mainFile) return compile.call(this, content, filename);
    prototype._compile = compile;
    const cachedData = making ? undefined : readCache(cacheFile);
    // No importModuleDynamically: the bundle has no import() (test/codeCache.test.ts checks it).
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    process.env[CODE_CACHE_STATE_ENV] = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    const result = wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
    if (making) {
      // After the bundle's top level ran: the cache then holds the functions loading compiled too.
      writeAtomically(cacheFile, script.createCachedData());
      process.env[CODE_CACHE_STATE_ENV] = 'written';
      process.exit(0);
    }
    return result;
  };
}
