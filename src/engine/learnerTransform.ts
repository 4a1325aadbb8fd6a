// One learner module (the learner file or a helper it imports) from TypeScript or JavaScript to a
// CommonJS function V8 can run. Sucrase, pure JavaScript, so one .vsix serves every platform: it
// strips types and turns imports into `require` calls, keeping every token on its original line.
import * as fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { transform } from 'sucrase';
import type { SourceLocation } from './results';
import { DlxError } from './errors';
import { RecentCache } from './recentCache';

/** Frames of learner code carry this prefix in stack traces, so we can find and map them. */
export const FRAME_PREFIX = 'dlx-learner://';

export interface CompiledModule {
  file: string;
  code: string;
  map: SourceMap;
  /** Evaluates to `(exports, require, module, __filename, __dirname, console) => void`. */
  script: vm.Script;
}

const TYPESCRIPT_FILE = /\.[cm]?ts$/;

/**
 * The last transform of each file, by its text: a pool worker compiles the same learner file for every
 * run of a sweep. The script is compiled anew each time (each run evaluates a fresh module).
 */
const transformed = new RecentCache<string, { source: string; code: string; map: SourceMap }>(32);

function transformModule(file: string, source: string): { code: string; map: SourceMap } {
  const kept = transformed.get(file);
  if (kept?.source === source) return kept;
  rejectUnsupportedSyntax(file, source);
  let output: ReturnType<typeof transform>;
  try {
    output = transform(source, {
      transforms: TYPESCRIPT_FILE.test(file) ? ['typescript', 'imports'] : ['imports'],
      // Node 20 runs ES2022 as written: class fields keep their define semantics and their columns.
      disableESTransforms: true,
      filePath: file,
      sourceMapOptions: { compiledFilename: `${file}.js` },
    });
  } catch (error) {
    throw transformError(file, source, error);
  }
  return transformed.set(file, { source, code: output.code, map: new SourceMap({ ...output.sourceMap!, sources: [file] } as SourceMapPayload) });
}

export function compileModule(file: string): CompiledModule {
  const source = fs.readFileSync(file, 'utf8');
  const { code, map } = transformModule(file, source);
  const module = { file, code, map };
  try {
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, console) {\n${code}\n})`, { filename: `${FRAME_PREFIX}${file}` });
    return { ...module, script };
  } catch (error) {
    throw engineSyntaxError(module, source, error);
  }
}

/** The original position of a 1-based line and column of the wrapped code (the wrapper adds one line before the module's). */
export function originalLocation(module: Pick<CompiledModule, 'file' | 'map'>, line: number, column: number): SourceLocation | undefined {
  const entry = module.map.findEntry(line - 2, column - 1) as { originalLine?: number; originalColumn?: number };
  if (entry.originalLine === undefined) return undefined;
  return { file: module.file, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
}

/** The source with strings and comments blanked out (newlines kept), so patterns match code only. */
function codeOnly(source: string): string {
  return source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\[\s\S])*`/g, (text) => text.replace(/[^\n]/g, ' '));
}

// Sucrase passes decorators through (V8 has none yet, and a stray `@` derails Sucrase's parser into
// an error without a position) and drops namespaces as if they held only types: refused here, located.
const UNSUPPORTED: Array<{ pattern: RegExp; message: string }> = [
  { pattern: /@/, message: 'Unexpected "@" (decorators are not supported in learner files)' },
  { pattern: /(?<!\bdeclare\s+)\b(?:namespace|module)\s+[\w$.]+\s*\{/, message: 'TypeScript namespaces are not supported in learner files: use plain objects or exports' },
];

function rejectUnsupportedSyntax(file: string, source: string): void {
  const code = codeOnly(source);
  for (const { pattern, message } of UNSUPPORTED) {
    const found = pattern.exec(code);
    if (found) throw syntaxError(file, source, message, found.index);
  }
}

function syntaxError(file: string, source: string, message: string, position: number): DlxError {
  const lineStart = source.lastIndexOf('\n', position - 1) + 1;
  const line = source.slice(0, lineStart).split('\n').length;
  return new DlxError('syntax', message, { location: { file, line, column: position - lineStart + 1 }, hint: lineHint(source, line) });
}

/** The line of the error, as the CLI prints it under the message. */
function lineHint(source: string, line: number): string | undefined {
  const text = source.split('\n')[line - 1]?.trim();
  return text ? `    ${text}` : undefined;
}

/**
 * Sucrase's message in esbuild's words, at Sucrase's position. Where Sucrase wants the next item
 * of a list (`expected ","`), the list's closing bracket is as likely the fix: both are named.
 */
function transformError(file: string, source: string, error: unknown): DlxError {
  const { message, pos } = error as { message?: string; pos?: number };
  const text = String(message ?? error).replace(/^Error transforming [^\n]*?: /, '').replace(/ \(\d+:\d+\)$/, '');
  if (typeof pos !== 'number') return new DlxError('syntax', `${path.basename(file)}: ${text}`);
  const token = /^(?:[\p{ID_Continue}$]+|(['"])(?:(?!\1)[^\\\n]|\\.)*\1|\S)/u.exec(source.slice(pos))?.[0];
  const found = token === undefined ? 'end of file' : `"${token}"`;
  const expected = /^Unexpected token, expected (".*")$/.exec(text)?.[1];
  const closer = expected === '","' ? enclosingCloser(codeOnly(source).slice(0, pos)) : undefined;
  const worded = expected ? `Expected ${closer ? `"${closer}" or ` : ''}${expected} but found ${found}` : text === 'Unexpected token' ? `Unexpected ${found}` : text;
  return syntaxError(file, source, worded, pos);
}

const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** The closing bracket of the innermost bracket still open at the end of `code`. */
function enclosingCloser(code: string): string | undefined {
  const open: string[] = [];
  for (const char of code) {
    if (CLOSERS[char]) open.push(CLOSERS[char]);
    else if (char === open.at(-1)) open.pop();
  }
  return open.at(-1);
}

/** What Sucrase let through but V8 refuses (`a + 1 = 2`, `08`), mapped back from V8's caret. */
function engineSyntaxError(module: Pick<CompiledModule, 'file' | 'map'>, source: string, error: unknown): unknown {
  if (!(error instanceof SyntaxError)) return error;
  const [where, , caret] = (error.stack ?? '').split('\n');
  const line = Number(/:(\d+)$/.exec(where)?.[1]);
  const location = line ? originalLocation(module, line, Math.max(caret?.indexOf('^') ?? 0, 0) + 1) : undefined;
  return new DlxError('syntax', error.message, { location, hint: location && lineHint(source, location.line) });
}
