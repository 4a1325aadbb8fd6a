// Small schema helpers: each failure names the JSON path and what is allowed there.
import { DlxError } from './errors';
import type { ErrorKind } from './results';

export class Validator {
  constructor(
    private readonly source: string,
    private readonly kind: ErrorKind,
  ) {}

  fail(path: string, problem: string): never {
    throw new DlxError(this.kind, `${this.source}: ${path} ${problem}`);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `must be an object, got ${describeJsonValue(value)}.`);
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, `must be a non-empty string, got ${describeJsonValue(value)}.`);
    return value;
  }

  number(value: unknown, path: string, range?: { min?: number; max?: number; integer?: boolean }): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, `must be a number, got ${describeJsonValue(value)}.`);
    if (range?.integer && !Number.isInteger(value)) this.fail(path, `must be a whole number, got ${value}.`);
    if (range?.min !== undefined && value < range.min) this.fail(path, `must be at least ${range.min}, got ${value}.`);
    if (range?.max !== undefined && value > range.max) this.fail(path, `must be at most ${range.max}, got ${value}.`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(path, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describeJsonValue(value)}.`);
    }
    return value as T;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be an array, got ${describeJsonValue(value)}.`);
    return value;
  }

  /** Unknown keys are typos more often than not: name them with the allowed ones. */
  onlyKeys(value: Record<string, unknown>, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(`${path}.${key}`, `is not a known field; allowed: ${allowed.join(', ')}.`);
    }
  }
}

/** How a JSON value is named in a validation message. */
function describeJsonValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** JSON.parse with the error position turned into line and column. */
export function parseJson(text: string, fileLabel: string, kind: ErrorKind): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Node's messages carry a position only sometimes: find it ourselves.
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const found = offset >= text.length ? 'the end of the file' : `"${text[offset]}"`;
    throw new DlxError(kind, `${fileLabel} is not valid JSON at line ${line}, column ${column}: unexpected ${found}.`);
  }
}

/** Offset of the first character where `text` stops being valid JSON. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const char of word) if (text[i++] !== char) (i--, fail());
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') return members('}', () => {
      space();
      if (text[i] !== '"') fail();
      string();
      space();
      if (text[i] !== ':') fail();
      i++;
      value();
    });
    if (char === '[') return members(']', value);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    number();
  };
  const members = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else fail();
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
  } catch (offset) {
    if (typeof offset !== 'number') throw offset;
    return Math.min(offset, text.length);
  }
  return text.length;
}
