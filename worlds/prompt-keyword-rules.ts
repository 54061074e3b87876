/**
 * Words to generator params by keyword rules: "dense downtown by a river with two depots" →
 * density 0.9, downtown height profile, river on, 2 depots. Numbers may be digits or words. Each
 * rule that fires leaves a note, so a user can see why the city came out as it did.
 */
import { ALL_DISTRICT_KINDS, parseGeneratorParams, type GeneratorParams, type GeneratorParamsInput } from './generator-params.ts';

export interface PromptInterpretation {
  /** Complete params: the prompt's overrides on top of the defaults. */
  params: GeneratorParams;
  /** Only what the prompt asked for. */
  overrides: GeneratorParamsInput;
  /** One line per rule that fired ("two depots → depots 2"). */
  notes: string[];
  /** Words of the prompt that no rule used ("airport"), so a user sees what was ignored (keyword rules only). */
  ignored?: string[];
  source: 'keywords' | 'llm';
}

/** Words that carry no request of their own ("a city with ..."): never reported as ignored. */
const PLAIN_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'with', 'by', 'of', 'in', 'on', 'at', 'to', 'for', 'near', 'next', 'along', 'some', 'lots', 'plenty',
  'city', 'town', 'place', 'world', 'map', 'area', 'areas', 'zone', 'zones', 'please', 'make', 'me', 'build', 'generate', 'create', 'i', 'want',
  'that', 'has', 'have', 'is', 'it', 'its', 'few', 'many', 'several', 'very', 'quite', 'really', 'lot', 'm', 'km', 'up', 'from', 'out', 'wind', 'winds',
  'side', 'wide', 'across', 'square', 'metres', 'meters', 'kilometres', 'kilometers', 'high', 'tall',
]);

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  no: 0, zero: 0, none: 0, a: 1, an: 1, one: 1, single: 1, two: 2, pair: 2, couple: 2, three: 3, few: 3, four: 4, five: 5,
  several: 4, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, dozen: 12, thirteen: 13, fourteen: 14,
  fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50,
  many: 8, lots: 8, plenty: 8,
};

/** Words that may stand between a number and the thing counted ("two big delivery depots"). */
const FILLER_WORDS = new Set(['of', 'big', 'small', 'large', 'delivery', 'green', 'city', 'landing', 'drone', 'public', 'more', 'extra', 'new', 'named', 'busy']);

interface CountRule {
  field: 'depots' | 'parks' | 'rooftopPads' | 'groundPads' | 'noFlyZones' | 'pads';
  nouns: readonly string[];
  /** Words right before the noun that narrow it ("rooftop" pads). */
  qualifier?: readonly string[];
}

const COUNT_RULES: readonly CountRule[] = [
  { field: 'rooftopPads', nouns: ['pad', 'pads', 'helipad', 'helipads'], qualifier: ['rooftop', 'roof', 'roofs'] },
  { field: 'groundPads', nouns: ['pad', 'pads', 'helipad', 'helipads'], qualifier: ['ground', 'street'] },
  { field: 'pads', nouns: ['pad', 'pads', 'helipad', 'helipads', 'vertiport', 'vertiports'] },
  { field: 'depots', nouns: ['depot', 'depots', 'hub', 'hubs', 'warehouse', 'warehouses'] },
  { field: 'parks', nouns: ['park', 'parks', 'garden', 'gardens'] },
  { field: 'noFlyZones', nouns: ['nofly', 'restricted', 'exclusion'] },
];

const COMPASS: Readonly<Record<string, number>> = {
  north: 0, northeast: 45, east: 90, southeast: 135, south: 180, southwest: 225, west: 270, northwest: 315,
};

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/no[\s-]+fly(\s+zones?|\s+areas?)?/g, ' nofly ')
    .replace(/north[\s-]+east/g, 'northeast').replace(/north[\s-]+west/g, 'northwest')
    .replace(/south[\s-]+east/g, 'southeast').replace(/south[\s-]+west/g, 'southwest')
    .replace(/(\d)\s*(km|m)\b/g, '$1 $2')
    .split(/[^a-z0-9.]+/)
    .map((word) => word.replace(/^\.+|\.+$/g, ''))
    .filter((word) => word.length > 0);
}

function quantity(word: string | undefined): number | null {
  if (word === undefined) return null;
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

/** Reads params from a prompt with keyword rules only (no network). */
export function keywordParamsFromPrompt(text: string): PromptInterpretation {
  const overrides: Record<string, unknown> = {};
  const notes: string[] = [];
  const set = (field: string, value: unknown, because: string): void => {
    overrides[field] = value;
    notes.push(`${because} → ${field} ${JSON.stringify(value)}`);
  };
  const lower = ` ${text.toLowerCase().replace(/[-_]/g, ' ')} `;
  const has = (pattern: RegExp): RegExpExecArray | null => pattern.exec(lower);
  const w = words(text);

  // Counts: the nearest quantity word up to three words before the noun.
  const counted = new Set<number>();
  for (const rule of COUNT_RULES) {
    for (let i = 0; i < w.length; i++) {
      if (counted.has(i) || !rule.nouns.includes(w[i])) continue;
      let j = i - 1;
      if (rule.qualifier) {
        if (!rule.qualifier.includes(w[j] ?? '')) continue;
        j--;
      }
      while (j >= 0 && j >= i - 4 && FILLER_WORDS.has(w[j])) j--;
      let count = quantity(w[j]);
      if (count === null && (w[j] === 'without' || w[j - 1] === 'without')) count = 0;
      if (count === null) {
        // "with depots" asks for some; keep the default then.
        continue;
      }
      counted.add(i);
      const phrase = w.slice(Math.max(j, 0), i + 1).join(' ');
      if (rule.field === 'pads') {
        set('rooftopPads', Math.ceil(count / 2), phrase);
        set('groundPads', Math.floor(count / 2), phrase);
      } else {
        set(rule.field, count, phrase);
      }
    }
  }

  // Density.
  if (has(/\b(very dense|extremely dense|packed solid)\b/)) set('density', 1, 'very dense');
  else if (has(/\b(dense|crowded|packed|compact|busy|high density|congested)\b/)) set('density', 0.9, has(/\b(dense|crowded|packed|compact|busy|high density|congested)\b/)![1]);
  else if (has(/\b(sparse|spread out|low density|quiet|rural|sleepy|empty)\b/)) set('density', 0.25, has(/\b(sparse|spread out|low density|quiet|rural|sleepy|empty)\b/)![1]);
  else if (has(/\b(medium density|moderate|average density)\b/)) set('density', 0.6, 'medium density');

  // Height profile.
  const tallWords = has(/\b(downtown|skyscrapers?|high rises?|tall|towers|metropolis|big city|financial district|cbd)\b/);
  const lowWords = has(/\b(suburban|suburbs?|low rises?|village|small town|countryside|rural)\b/);
  const evenWords = has(/\b(uniform|mid rises?|even heights?|same height)\b/);
  if (tallWords && !has(/\bno (downtown|skyscrapers?|towers)\b/)) set('heightProfile', 'downtown', tallWords[1]);
  else if (lowWords) set('heightProfile', 'suburban', lowWords[1]);
  else if (evenWords) set('heightProfile', 'uniform', evenWords[1]);
  const maxHeight = has(/\b(\d+(?:\.\d+)?) ?(m|metres|meters) (tall|high)\b/) ?? has(/\bup to (\d+(?:\.\d+)?) ?(m|metres|meters)\b/);
  if (maxHeight) set('maxHeight', Number(maxHeight[1]), maxHeight[0].trim());
  else if (has(/\bsupertall\b/)) set('maxHeight', 450, 'supertall');

  // River.
  if (has(/\b(no river|without (a |any )?river|landlocked|dry)\b/)) set('river', false, 'no river');
  else if (has(/\b(river|riverside|riverfront|waterfront|canal|stream)\b/)) set('river', true, has(/\b(river|riverside|riverfront|waterfront|canal|stream)\b/)![1]);

  // The diagonal boulevard.
  if (has(/\b(strict grid|perfect grid|regular grid|grid only|no diagonal|no boulevard)\b/)) set('avenue', false, 'strict grid');
  else if (has(/\b(diagonal|boulevard|broadway)\b/)) set('avenue', true, has(/\b(diagonal|boulevard|broadway)\b/)![1]);

  // Size: "3 km", "1.5 kilometres", "800 m wide"; else size words.
  const km = has(/\b(\d+(?:\.\d+)?) ?(km|kilometres|kilometers)\b/);
  const metres = has(/\b(\d+(?:\.\d+)?) ?(m|metres|meters) (wide|across|square|city|town|map|world|side|by)\b/);
  if (km) set('size', Math.round(Number(km[1]) * 1000), km[0].trim());
  else if (metres) set('size', Math.round(Number(metres[1])), metres[0].trim());
  else {
    const place = '(city|town|village|world|map|metropolis|neighbourhood|neighborhood)';
    const sizeWord = has(new RegExp(`\\b(tiny|small|little|huge|enormous|sprawling|vast|large|big) ${place}\\b`));
    const sizes: Record<string, number> = { tiny: 600, small: 1000, little: 1000, large: 3000, big: 3000, huge: 4000, enormous: 4000, sprawling: 4000, vast: 4000 };
    if (sizeWord) set('size', sizes[sizeWord[1]], sizeWord[0].trim());
  }

  // Districts.
  if (has(/\b(no|without) (industry|industrial|factories)\b/)) {
    set('districts', ALL_DISTRICT_KINDS.filter((kind) => kind !== 'industrial'), 'no industry');
  }

  // Wind.
  if (has(/\b(calm|still air|no wind|windless)\b/)) {
    set('windSpeed', 0.5, 'calm');
    set('gustiness', 0.1, 'calm');
  } else if (has(/\b(storm|stormy|gale|strong winds?|high winds?)\b/)) {
    set('windSpeed', 14, 'strong wind');
    set('gustiness', 0.6, 'strong wind');
  } else if (has(/\b(windy|breezy|breeze)\b/)) {
    set('windSpeed', 8, 'windy');
  }
  if (has(/\bgusty\b/)) set('gustiness', 0.8, 'gusty');
  const from = /\bwinds? (?:from|out of) the (north|northeast|east|southeast|south|southwest|west|northwest)\b/.exec(w.join(' '));
  if (from) set('windFromDeg', COMPASS[from[1]], `wind from the ${from[1]}`);

  const used = new Set(notes.flatMap((note) => words(note.split(' → ')[0])));
  const ignored = [...new Set(w.filter((word) => !used.has(word) && !PLAIN_WORDS.has(word) && !FILLER_WORDS.has(word)
    && quantity(word) === null && !/^\d+(?:\.\d+)?$/.test(word)))];
  return { params: parseGeneratorParams(overrides), overrides: overrides as GeneratorParamsInput, notes, ignored: ignored.map((word) => (word === 'nofly' ? 'no-fly' : word)), source: 'keywords' };
}

/** Generator params from a prompt, by keyword rules. */
export function paramsFromPrompt(text: string): GeneratorParams {
  return keywordParamsFromPrompt(text).params;
}
