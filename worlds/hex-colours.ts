/**
 * Hex colours of the WorldSpec: parsing, formatting, and the everyday colour word a person would
 * use for one ("red", "grey"), so that "the red tower" can be found.
 */

/** `#a1b2c3` → [161, 178, 195]; throws on anything else. */
export function parseHexColour(hex: string): [number, number, number] {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new RangeError(`colour: must be a hex colour like "#a1b2c3" (got ${JSON.stringify(hex)})`);
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

const HEX_BYTES = Array.from({ length: 256 }, (_, v) => v.toString(16).padStart(2, '0'));

/** Channels are rounded and clamped to [0, 255]. */
export function formatHexColour(r: number, g: number, b: number): string {
  const channel = (v: number): string => HEX_BYTES[Math.max(0, Math.min(255, Math.round(v)))];
  return `#${channel(r)}${channel(g)}${channel(b)}`;
}

export const COLOUR_WORDS = [
  'red', 'orange', 'yellow', 'gold', 'green', 'teal', 'blue', 'purple', 'pink', 'brown', 'copper', 'white', 'grey', 'silver', 'black',
] as const;
export type ColourWord = (typeof COLOUR_WORDS)[number];

/** Words that mean the same colour in a description. */
export const COLOUR_SYNONYMS: Readonly<Record<string, ColourWord>> = {
  gray: 'grey', golden: 'gold', violet: 'purple', magenta: 'pink', cyan: 'teal', turquoise: 'teal',
  crimson: 'red', scarlet: 'red', navy: 'blue', beige: 'brown', tan: 'brown', bronze: 'copper',
};

/** Colour words that a description may treat as one family ("silver" is a grey, "gold" a yellow). */
export const COLOUR_FAMILY: Readonly<Record<ColourWord, readonly ColourWord[]>> = {
  red: ['red'], orange: ['orange', 'copper'], yellow: ['yellow', 'gold'], gold: ['gold', 'yellow'], green: ['green'],
  teal: ['teal'], blue: ['blue'], purple: ['purple'], pink: ['pink'], brown: ['brown', 'copper'], copper: ['copper', 'brown', 'orange'],
  white: ['white'], grey: ['grey', 'silver'], silver: ['silver', 'grey'], black: ['black'],
};

/** The everyday name of a colour, from its hue, saturation and lightness. */
export function colourWordOfHex(hex: string): ColourWord {
  const [r8, g8, b8] = parseHexColour(hex);
  const r = r8 / 255;
  const g = g8 / 255;
  const b = b8 / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const chroma = max - min;
  const saturation = chroma === 0 ? 0 : chroma / (1 - Math.abs(2 * lightness - 1));
  if (lightness < 0.2) return 'black';
  if (saturation < 0.16 || chroma < 0.08) {
    if (lightness > 0.88) return 'white';
    return lightness > 0.65 ? 'silver' : 'grey';
  }
  let hue: number;
  if (max === r) hue = 60 * (((g - b) / chroma + 6) % 6);
  else if (max === g) hue = 60 * ((b - r) / chroma + 2);
  else hue = 60 * ((r - g) / chroma + 4);
  if (hue < 14 || hue >= 340) return lightness < 0.4 && saturation < 0.5 ? 'brown' : 'red';
  if (hue < 40) {
    if (saturation < 0.45 || lightness < 0.4) return lightness < 0.55 && saturation > 0.35 ? 'copper' : 'brown';
    return 'orange';
  }
  if (hue < 65) return saturation > 0.55 && lightness < 0.6 ? 'gold' : saturation < 0.35 ? 'brown' : 'yellow';
  if (hue < 165) return 'green';
  if (hue < 195) return 'teal';
  if (hue < 255) return 'blue';
  if (hue < 295) return 'purple';
  return 'pink';
}
