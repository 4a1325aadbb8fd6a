// The parts of yazl and yauzl that packArchive.ts uses (neither ships its own types).
declare module 'yazl' {
  import type { Readable } from 'node:stream';
  export interface EntryOptions {
    mtime?: Date;
    mode?: number;
    compress?: boolean;
    forceZip64Format?: boolean;
  }
  export class ZipFile {
    readonly outputStream: Readable;
    addBuffer(buffer: Buffer, metadataPath: string, options?: EntryOptions): void;
    end(options?: { forceZip64Format?: boolean; comment?: string }, finalSizeCallback?: (size: number) => void): void;
  }
}

declare module 'yauzl' {
  import type { Readable } from 'node:stream';
  export interface Entry {
    /** A Buffer when the zip is opened with `decodeStrings: false`. */
    fileName: string | Buffer;
    uncompressedSize: number;
    compressedSize: number;
    externalFileAttributes: number;
    generalPurposeBitFlag: number;
    isEncrypted(): boolean;
  }
  export interface ZipFile {
    readonly entryCount: number;
    eachEntry(): AsyncIterableIterator<Entry>;
    openReadStreamPromise(entry: Entry): Promise<Readable>;
    close(): void;
  }
  export interface Options {
    lazyEntries?: boolean;
    decodeStrings?: boolean;
    validateEntrySizes?: boolean;
    strictFileNames?: boolean;
  }
  export function fromBufferPromise(buffer: Buffer, options?: Options): Promise<ZipFile>;
}
