/**
 * Near-miss suggestions for unknown config keys ("hots" → "host"), so a typo costs one
 * glance at the error instead of a trip to the docs.
 */

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions ("hots"/"host" = 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/** "heartbeatTimeout", "heartbeat-timeout" and "HEARTBEAT_TIMEOUT" all mean heartbeat_timeout. */
export function canonicalKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** How many edits still look like a typo rather than a different word. */
function typoBudget(key: string): number {
  if (key.length <= 4) return 1;
  if (key.length <= 8) return 2;
  return 3;
}

/** The candidate the unknown key most plausibly meant, or undefined when none is close. */
export function suggestKey(unknown: string, candidates: readonly string[]): string | undefined {
  const canonical = canonicalKey(unknown);
  const sameWord = candidates.find((candidate) => canonicalKey(candidate) === canonical);
  if (sameWord !== undefined) return sameWord;
  let best: string | undefined;
  let bestDistance = typoBudget(unknown) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(canonical, canonicalKey(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
