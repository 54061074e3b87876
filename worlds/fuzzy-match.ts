/**
 * Forgiving comparison of place names: case, spaces, punctuation, a leading "the" and common
 * street-word spellings do not matter, and small typos are measured by edit distance.
 */

const STREET_WORD_ABBREVIATIONS: Readonly<Record<string, string>> = {
  street: 'st', avenue: 'ave', av: 'ave', boulevard: 'blvd', road: 'rd', lane: 'ln', drive: 'dr', parkway: 'pkwy', way: 'way',
};

/** Lower-case words with street words abbreviated and a leading article removed: "The Elm Street" → ["elm", "st"]. */
export function placeWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => STREET_WORD_ABBREVIATIONS[word] ?? word);
  while (words.length > 1 && (words[0] === 'the' || words[0] === 'a')) words.shift();
  return words;
}

/** The comparison key of a name: its words joined without spaces ("Depot 2" → "depot2"). */
export function placeKey(text: string): string {
  return placeWords(text).join('');
}

/** Edit distance with adjacent swaps counting as one edit ("depto" → "depot" is 1), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let twoBack = new Int32Array(b.length + 1);
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, twoBack[j - 2] + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const recycled = twoBack;
    twoBack = previous;
    previous = current;
    current = recycled;
  }
  return previous[b.length];
}

/** Most typos tolerated for a key of this length: none for very short keys, about one in four characters. */
export function typoAllowance(key: string): number {
  return key.length <= 3 ? 0 : Math.max(1, Math.floor(key.length / 4));
}

/** The `count` names closest to `query` (by edit distance of keys, ties by name), best first. */
export function closestNames(query: string, names: readonly string[], count = 5): { name: string; distance: number }[] {
  const key = placeKey(query);
  const scored = names.map((name) => {
    const other = placeKey(name);
    // A name that contains the query (or the reverse) counts as close: "tower" → "Red Tower".
    const contained = key.length >= 3 && (other.includes(key) || key.includes(other)) ? Math.abs(other.length - key.length) * 0.25 : Infinity;
    return { name, distance: Math.min(editDistance(key, other), contained) };
  });
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  const unique: { name: string; distance: number }[] = [];
  for (const entry of scored) {
    if (unique.length >= count) break;
    if (!unique.some((kept) => kept.name === entry.name)) unique.push(entry);
  }
  return unique;
}
