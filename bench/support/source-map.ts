import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Where a position of a generated file came from, read from its source map (`FILE.map`
 * beside it): profiles of the bundled server (dist/global-store.bundle.js) name the package
 * or source file of each function this way, as they did before bundling.
 */
export interface SourceMapLookup {
  /** The source (absolute path, 0-based line) that generated `line`, `column` (0-based). */
  sourceOf(line: number, column: number): { path: string; line: number } | undefined;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]));

/** Per generated line, its segments in column order: generated column, source, source line. */
interface Line {
  columns: number[];
  sources: number[];
  sourceLines: number[];
}

function decodeMappings(mappings: string): Line[] {
  const lines: Line[] = [];
  let source = 0;
  let sourceLine = 0;
  for (const text of mappings.split(';')) {
    const line: Line = { columns: [], sources: [], sourceLines: [] };
    let column = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = DIGIT.get(char) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1];
        sourceLine += fields[2];
        line.columns.push(column);
        line.sources.push(source);
        line.sourceLines.push(sourceLine);
      }
    }
    lines.push(line);
  }
  return lines;
}

const cache = new Map<string, SourceMapLookup | undefined>();

/** The lookup for a generated file, or undefined when it has no readable source map. */
export function sourceMapOf(file: string): SourceMapLookup | undefined {
  if (cache.has(file)) return cache.get(file);
  let lookup: SourceMapLookup | undefined;
  const mapFile = `${file}.map`;
  if (existsSync(mapFile)) {
    try {
      const map = JSON.parse(readFileSync(mapFile, 'utf8')) as {
        sources: string[];
        sourceRoot?: string;
        mappings: string;
      };
      const root = resolve(dirname(mapFile), map.sourceRoot ?? '');
      const sources = map.sources.map((source) => resolve(root, source));
      const lines = decodeMappings(map.mappings);
      lookup = {
        sourceOf(line, column) {
          const segments = lines[line];
          if (segments === undefined) return undefined;
          const { columns } = segments;
          // The last segment starting at or before the column.
          let low = 0;
          let high = columns.length - 1;
          let found = -1;
          while (low <= high) {
            const mid = (low + high) >> 1;
            if (columns[mid] <= column) {
              found = mid;
              low = mid + 1;
            } else {
              high = mid - 1;
            }
          }
          return found < 0
            ? undefined
            : { path: sources[segments.sources[found]], line: segments.sourceLines[found] };
        },
      };
    } catch {
      lookup = undefined;
    }
  }
  cache.set(file, lookup);
  return lookup;
}
