/** Nearest words by edit distance, for "did you mean" lists in errors. */

/** Levenshtein distance with adjacent swaps counted as one edit ("fyl" → "fly" is 1). */
export function wordDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, table[i - 2][j - 2] + 1);
      table[i][j] = value;
    }
  }
  return table[a.length][b.length];
}

/** The `count` candidates nearest to `query` (case-insensitive), best first; ties keep the candidates' order. */
export function closestWords(query: string, candidates: readonly string[], count = 3): string[] {
  const key = query.toLowerCase();
  return candidates
    .map((candidate, order) => {
      const other = candidate.toLowerCase();
      // A candidate that contains the query, or the reverse, is close whatever its length ("fly" → "fly_to").
      const contained = key.length >= 2 && (other.includes(key) || key.includes(other)) ? 0.5 : Infinity;
      return { candidate, order, distance: Math.min(wordDistance(key, other), contained) };
    })
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, count)
    .map((entry) => entry.candidate);
}
