// Reading an exported constant of a learner file (its `sweep`) as plain data, without running the file.

/**
 * The `sweep` export of a learner file's source, read as data without running the file (learner
 * code runs only in the trainer): `export const sweep = { ... }` written with plain values
 * (numbers, strings, booleans, arrays, objects; `as const` and a type annotation are fine).
 * Undefined when the file declares no sweep; throws a SyntaxError-like message when it is not plain data.
 */
export function readSweepLiteral(source: string): { value: unknown; line: number } | undefined {
  return readExportedLiteral(source, 'sweep');
}

/** An exported `const <name> = <plain data>` of a source file, read without running it (see readSweepLiteral). */
export function readExportedLiteral(source: string, name: string): { value: unknown; line: number } | undefined {
  const blank = blankComments(source);
  // Searched with string contents blanked too, so text inside strings never matches.
  const code = blankComments(source, true);
  const direct = new RegExp(`\\bexport\\s+(?:const|let|var)\\s+${name}\\s*(?::[^=]+)?=`).exec(code);
  let match = direct;
  if (!match) {
    const declared = new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*(?::[^=]+)?=`).exec(code);
    if (!declared || !new RegExp(`\\bexport\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`).test(code)) return undefined;
    match = declared;
  }
  const parser = new LiteralParser(blank, match.index + match[0].length);
  return { value: parser.value(), line: lineAt(source, match.index) };
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

/** Comments (and with `strings`, the contents of strings) become spaces; offsets and lines stay. */
function blankComments(source: string, strings = false): string {
  const out = source.split('');
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < source.length && source[i] !== c) {
        const step = source[i] === '\\' ? 2 : 1;
        if (strings) for (let k = i; k < i + step && k < source.length; k++) if (source[k] !== '\n') out[k] = ' ';
        i += step;
      }
      i++;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (; i < stop; i++) if (source[i] !== '\n') out[i] = ' ';
    } else {
      i++;
    }
  }
  return out.join('');
}

export class SweepLiteralError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'SweepLiteralError';
  }
}

class LiteralParser {
  constructor(private readonly text: string, private at: number) {}

  private fail(problem: string): never {
    const before = this.text.slice(0, this.at);
    const line = before.split('\n').length;
    const column = this.at - before.lastIndexOf('\n');
    throw new SweepLiteralError(`\`sweep\` must be written as plain data (numbers, strings, true/false, [lists] and { objects }), so it can be read without running your file: ${problem}`, line, column);
  }

  private skip(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at])) this.at++;
  }

  private peek(): string {
    this.skip();
    return this.text[this.at] ?? '';
  }

  private expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected "${char}" but found ${this.found()}.`);
    this.at++;
  }

  private found(): string {
    const rest = this.text.slice(this.at).trimStart();
    return rest ? `"${rest.split(/\s/)[0].slice(0, 20)}"` : 'the end of the file';
  }

  value(): unknown {
    const value = this.bare();
    // TypeScript's `as const` / `satisfies T` after a value.
    this.skip();
    const tail = /^(?:as\s+const\b|as\s+[A-Za-z_$][\w$.]*|satisfies\s+[A-Za-z_$][\w$.]*)/.exec(this.text.slice(this.at));
    if (tail) this.at += tail[0].length;
    return value;
  }

  private bare(): unknown {
    const c = this.peek();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'" || c === '`') return this.string();
    if (c === '(') {
      this.at++;
      const inner = this.value();
      this.expect(')');
      return inner;
    }
    const rest = this.text.slice(this.at);
    const number = /^[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?![\w$.])/.exec(rest);
    if (number) {
      this.at += number[0].length;
      return Number(number[0].replace(/_/g, ''));
    }
    const word = /^(true|false|null|undefined)(?![\w$])/.exec(rest);
    if (word) {
      this.at += word[0].length;
      return { true: true, false: false, null: null, undefined }[word[1]];
    }
    return this.fail(`found ${this.found()}, which is code, not a value.`);
  }

  private string(): string {
    const quote = this.text[this.at++];
    let value = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      const c = this.text[this.at++];
      if (quote === '`' && c === '$' && this.text[this.at] === '{') this.fail('a template string with ${...} is code.');
      if (c === '\\') {
        const e = this.text[this.at++];
        value += ({ n: '\n', t: '\t', r: '\r', '0': '\0' } as Record<string, string>)[e] ?? e;
      } else {
        value += c;
      }
    }
    if (this.text[this.at] !== quote) this.fail('a string is not closed.');
    this.at++;
    return value;
  }

  private array(): unknown[] {
    this.expect('[');
    const values: unknown[] = [];
    while (this.peek() !== ']') {
      if (this.peek() === '.') this.fail('a spread (...) is code.');
      values.push(this.value());
      if (this.peek() === ',') this.at++;
      else if (this.peek() !== ']') this.fail(`expected "," or "]" but found ${this.found()}.`);
    }
    this.at++;
    return values;
  }

  private object(): Record<string, unknown> {
    this.expect('{');
    const object: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      let key: string;
      const c = this.peek();
      if (c === '"' || c === "'") key = this.string();
      else {
        const name = /^[A-Za-z_$][\w$]*|^\d+(?:\.\d+)?/.exec(this.text.slice(this.at));
        if (!name) this.fail(`expected a field name but found ${this.found()}.`);
        key = name[0];
        this.at += key.length;
      }
      this.expect(':');
      object[key] = this.value();
      if (this.peek() === ',') this.at++;
      else if (this.peek() !== '}') this.fail(`expected "," or "}" but found ${this.found()}.`);
    }
    this.at++;
    return object;
  }
}