import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import { endianness } from 'node:os';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { ReplicaColumns } from './replica-index';

/**
 * The restart image: the committed replica index written next to the SQLite file at a clean
 * shutdown, so the next start loads a million replicas from a few typed arrays instead of
 * reading and parsing every row (HDFS's fsimage, in miniature). It is only ever a faster
 * copy of what the table holds: ReplicaStore uses it when server_meta names this very image
 * (a marker committed after the image was on disk, and removed again by the start that loads
 * it, before any other write), and reads the table otherwise.
 *
 * Layout: MAGIC, a 4-byte little-endian length, that many bytes of JSON (ImageHeader), then
 * the sections in the header's order, each starting at a multiple of 8. The CRC-32 covers
 * everything after the header.
 */
const MAGIC = Buffer.from('TensorCast replica image\n', 'latin1');
const FORMAT = 2;
const ALIGN = 8;

/** The file next to the database that holds its restart image. */
export function replicaImagePath(dbFile: string): string {
  return `${dbFile}.replica-image`;
}

interface SectionEntry {
  name: SectionName;
  bytes: number;
}

type SectionName =
  | 'uuidWords'
  | 'locationOf'
  | 'artifactOf'
  | 'ints'
  | 'floats'
  | 'artifactHashes'
  | 'artifactEnds'
  | 'artifactText'
  | 'strings';

interface ImageHeader {
  format: number;
  /** The typed arrays are stored as this machine holds them. */
  endianness: 'BE' | 'LE';
  imageId: string;
  /** The last migration of the schema the image was written under. */
  schema: string;
  count: number;
  intsKind: 'int32' | 'float64';
  sections: SectionEntry[];
  crc32: number;
}

/**
 * The small text parts of ReplicaColumns, as one JSON document. The artifact ids (one per
 * replica, often) are a section of UTF-8 text and one of where each ends instead: made into
 * strings by slicing one, not by parsing a million JSON strings.
 */
interface ImageStrings {
  otherIds: ReplicaColumns['otherIds'];
  locations: ReplicaColumns['locations'];
  extras: ReplicaColumns['extras'];
}

export interface LoadedReplicaImage {
  imageId: string;
  schema: string;
  columns: ReplicaColumns;
}

/** True when the file starts as a restart image does (or does not exist): ours to replace. */
export function isReplicaImageOrAbsent(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the image durably: a temporary file in the same directory, fsynced, renamed over
 * the image, and the directory fsynced, so a crash leaves the old image or the new one whole.
 * Answers the bytes written.
 */
export function writeReplicaImage(
  path: string,
  imageId: string,
  schema: string,
  c: ReplicaColumns,
): number {
  const strings: ImageStrings = {
    otherIds: c.otherIds,
    locations: c.locations,
    extras: c.extras,
  };
  const artifactText = Buffer.from(c.artifactIds.join(''), 'utf8');
  const artifactEnds = new Int32Array(c.artifactIds.length);
  let end = 0;
  for (const [i, id] of c.artifactIds.entries()) {
    end += Buffer.byteLength(id, 'utf8');
    artifactEnds[i] = end;
  }
  const parts: [SectionName, Buffer][] = [
    ['uuidWords', bytesOf(c.uuidWords)],
    ['locationOf', bytesOf(c.locationOf)],
    ['artifactOf', bytesOf(c.artifactOf)],
    ['ints', bytesOf(c.ints)],
    ['floats', bytesOf(c.floats)],
    ['artifactHashes', bytesOf(c.artifactHashes ?? new Int32Array(0))],
    ['artifactEnds', bytesOf(artifactEnds)],
    ['artifactText', artifactText],
    ['strings', Buffer.from(JSON.stringify(strings), 'utf8')],
  ];
  let crc = 0;
  for (const [, bytes] of parts) {
    crc = crc32(bytes, crc);
    crc = crc32(Buffer.alloc(padding(bytes.length)), crc);
  }
  const header: ImageHeader = {
    format: FORMAT,
    endianness: endianness(),
    imageId,
    schema,
    count: c.count,
    intsKind: c.ints instanceof Int32Array ? 'int32' : 'float64',
    sections: parts.map(([name, bytes]) => ({ name, bytes: bytes.length })),
    crc32: crc,
  };
  const headerText = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerText.length);
  const prefix = Buffer.concat([MAGIC, length, headerText]);
  const temporary = `${path}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w', 0o600);
  let written = 0;
  try {
    const write = (bytes: Buffer) => {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      written += bytes.length;
    };
    write(prefix);
    write(Buffer.alloc(padding(prefix.length)));
    for (const [, bytes] of parts) {
      write(bytes);
      write(Buffer.alloc(padding(bytes.length)));
    }
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temporary, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return written;
}

/**
 * Reads and checks an image. Answers why it cannot be used (a reason for the log) instead of
 * throwing for a file that is missing, of another format, truncated or corrupt.
 */
export function readReplicaImage(path: string): LoadedReplicaImage | string {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'there is none' : `it cannot be read (${code ?? String(error)})`;
  }
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) {
    return 'it is not a replica image';
  }
  const headerLength = file.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > file.length) return 'it is truncated';
  let header: ImageHeader;
  try {
    header = JSON.parse(file.toString('utf8', MAGIC.length + 4, headerEnd)) as ImageHeader;
  } catch {
    return 'its header is not readable';
  }
  if (header.format !== FORMAT) return `it has format ${header.format}, not ${FORMAT}`;
  if (header.endianness !== endianness()) return `it was written ${header.endianness}`;
  let at = headerEnd + padding(headerEnd);
  const sections = new Map<SectionName, Buffer>();
  const bodyStart = at;
  for (const { name, bytes } of header.sections) {
    if (at + bytes > file.length) return 'it is truncated';
    sections.set(name, file.subarray(at, at + bytes));
    at += bytes + padding(bytes);
  }
  if (at !== file.length) return 'its length does not match its header';
  if (crc32(file.subarray(bodyStart)) !== header.crc32) return 'its checksum does not match';
  const section = (name: SectionName): Buffer => {
    const bytes = sections.get(name);
    if (bytes === undefined) throw new Error(`section ${name} missing`);
    return bytes;
  };
  try {
    const strings = JSON.parse(section('strings').toString('utf8')) as ImageStrings;
    return {
      imageId: header.imageId,
      schema: header.schema,
      columns: {
        count: header.count,
        uuidWords: int32s(section('uuidWords')),
        locationOf: int32s(section('locationOf')),
        artifactOf: int32s(section('artifactOf')),
        ints: header.intsKind === 'int32' ? int32s(section('ints')) : float64s(section('ints')),
        floats: float64s(section('floats')),
        otherIds: strings.otherIds,
        locations: strings.locations,
        artifactIds: artifactIdsOf(section('artifactText'), int32s(section('artifactEnds'))),
        artifactHashes: int32s(section('artifactHashes')),
        extras: strings.extras,
      },
    };
  } catch (error) {
    return `it is malformed (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Removes the image (a database restored or replaced no longer matches it). */
export function removeReplicaImage(path: string): void {
  if (isReplicaImageOrAbsent(path)) rmSync(path, { force: true });
}

function padding(length: number): number {
  return (ALIGN - (length % ALIGN)) % ALIGN;
}

function bytesOf(array: Int32Array | Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * The numbers of a section: a view of the file's buffer where it is aligned for one (a file
 * read whole has a buffer of its own, and sections start at multiples of 8), else a copy.
 */
function int32s(bytes: Buffer): Int32Array {
  return numbersOf(bytes, Int32Array, 'Int32');
}

function float64s(bytes: Buffer): Float64Array {
  return numbersOf(bytes, Float64Array, 'Float64');
}

function numbersOf<T extends Int32Array | Float64Array>(
  bytes: Buffer,
  make: { new (buffer: ArrayBuffer, offset: number, length: number): T; new (length: number): T },
  kind: string,
): T {
  const size = kind === 'Int32' ? 4 : 8;
  if (bytes.length % size !== 0) throw new Error(`a section of ${kind} values has a partial one`);
  if (bytes.byteOffset % size === 0) {
    return new make(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length / size);
  }
  const out = new make(bytes.length / size);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/**
 * The artifact ids: ASCII text (the usual case) becomes one string that each id is a slice
 * of, so a million ids cost a million slices, not a million decodes; other text is decoded
 * id by id.
 */
function artifactIdsOf(text: Buffer, ends: Int32Array): string[] {
  const ids = new Array<string>(ends.length);
  let start = 0;
  const check = (end: number) => {
    if (!(end >= start && end <= text.length)) throw new Error(`artifact id ends at ${end}`);
  };
  if (isAscii(text)) {
    const all = text.toString('latin1');
    for (let i = 0; i < ends.length; i++) {
      check(ends[i]);
      ids[i] = all.slice(start, ends[i]);
      start = ends[i];
    }
  } else {
    for (let i = 0; i < ends.length; i++) {
      check(ends[i]);
      ids[i] = text.toString('utf8', start, ends[i]);
      start = ends[i];
    }
  }
  if (start !== text.length) throw new Error('artifact ids do not fill their section');
  return ids;
}
