/**
 * A `.json` config is read as JSON, not as the YAML superset it also parses as: YAML takes a
 * trailing comma, comments or unquoted keys in a JSON file without a word, which hides typos
 * and makes the file unreadable to every other JSON tool.
 */
export interface JsonSyntaxProblem {
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly reason: string;
  /** Dotted key path of the value being read where the parser stopped ('' at top level). */
  readonly keyPath: string;
}

export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    JSON.parse(body);
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const match = /at position (\d+)/.exec(error.message);
    const offset = match ? Math.min(Number(match[1]), body.length) : body.length;
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const reason = error.message
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/ in JSON at position \d+$/, '')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
    return { line, column, reason, keyPath: keyPathAt(body, offset) };
  }
}

/** The keys of the objects open at `offset`, outermost first, found by a plain scan. */
function keyPathAt(text: string, offset: number): string {
  // One entry per open object or array: the last key read in an object, '' in an array.
  const open: { key: string; inArray: boolean }[] = [];
  let lastString = '';
  let i = 0;
  while (i < offset) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      lastString = text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (char === ':' && open.length > 0) open[open.length - 1].key = lastString;
    else if (char === '{') open.push({ key: '', inArray: false });
    else if (char === '[') open.push({ key: '', inArray: true });
    else if (char === '}' || char === ']') open.pop();
    i += 1;
  }
  return open
    .filter((level) => !level.inArray && level.key !== '')
    .map((level) => level.key)
    .join('.');
}
