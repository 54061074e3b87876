/**
 * Numbers with units in free text: "30 m", "0.2 km", "100 ft", "twenty metres", "5 s",
 * "2 min", "half a minute". Distances come back in metres, durations in seconds.
 */

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, hundred: 100,
  'a hundred': 100, 'one hundred': 100, 'half a': 0.5, 'a couple of': 2, 'a few': 3,
};

const DISTANCE_UNITS: Readonly<Record<string, number>> = {
  m: 1, meter: 1, meters: 1, metre: 1, metres: 1, km: 1000, kilometer: 1000, kilometers: 1000, kilometre: 1000, kilometres: 1000,
  ft: 0.3048, foot: 0.3048, feet: 0.3048,
};

const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1, min: 60, mins: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600,
};

const NUMBER_TEXT = `(-?\\d+(?:\\.\\d+)?|${Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|')})`;
const DISTANCE_UNIT_TEXT = Object.keys(DISTANCE_UNITS).sort((a, b) => b.length - a.length).join('|');
const DURATION_UNIT_TEXT = Object.keys(DURATION_UNITS).sort((a, b) => b.length - a.length).join('|');

/** "30 m", "100 ft", "twenty metres" (the group captures the number and the unit). */
export const DISTANCE_PATTERN = `${NUMBER_TEXT}\\s*-?\\s*(${DISTANCE_UNIT_TEXT})\\b`;
/** "5 s", "2 min", "half a minute". */
export const DURATION_PATTERN = `${NUMBER_TEXT}\\s*-?\\s*(${DURATION_UNIT_TEXT})\\b`;

function numberOf(text: string): number {
  const word = NUMBER_WORDS[text.toLowerCase()];
  return word !== undefined ? word : Number(text);
}

/** Metres from the number and unit captured by DISTANCE_PATTERN, rounded to the millimetre. */
export function metresOf(numberText: string, unit: string): number {
  return Math.round(numberOf(numberText) * DISTANCE_UNITS[unit.toLowerCase()] * 1000) / 1000;
}

/** Seconds from the number and unit captured by DURATION_PATTERN. */
export function secondsOf(numberText: string, unit: string): number {
  return numberOf(numberText) * DURATION_UNITS[unit.toLowerCase()];
}

/** The first distance in a text, in metres, or null. */
export function findDistance(text: string): number | null {
  const match = new RegExp(DISTANCE_PATTERN, 'i').exec(text);
  return match ? metresOf(match[1], match[2]) : null;
}

/** The first duration in a text, in seconds, or null. */
export function findDuration(text: string): number | null {
  const match = new RegExp(DURATION_PATTERN, 'i').exec(text);
  return match ? secondsOf(match[1], match[2]) : null;
}
