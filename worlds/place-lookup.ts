/**
 * Finding places in a world from words: by name ("Depot 2", "red tower", with typos), by address
 * ("12 Elm St", "Elm St 12") and by description ("the tallest building", "nearest depot to
 * Oak Ave 12", "the red tower on Elm St"). A failed lookup says why and lists the closest names.
 */
import type { Building, WorldSpec } from './world-spec.ts';
import type { RoadGraph } from './road-graph.ts';
import { closestNames, editDistance, placeKey, placeWords, typoAllowance } from './fuzzy-match.ts';
import { formatAddress, parseAddressText } from './street-address.ts';
import { COLOUR_FAMILY, COLOUR_SYNONYMS, COLOUR_WORDS, colourWordOfHex, type ColourWord } from './hex-colours.ts';

export type PlaceKind = 'building' | 'depot' | 'pad' | 'park' | 'street' | 'intersection' | 'bridge' | 'district' | 'river';

export interface Place {
  kind: PlaceKind;
  /** Position in the spec's list for that kind (buildings[id], depots[id], ...); 0 for the river. */
  id: number;
  /** Landmark name, "12 Elm St" for an unnamed building, "Depot 2", "Elm St & Oak Ave"... */
  name: string;
  /** Street address of buildings and depots. */
  address?: string;
  /** Where a drone goes: a building's roof centre, a pad, or a spot on the ground (z = 0). */
  position: { x: number; y: number; z: number };
  /** Where a ground robot goes: a building's front door, a depot's yard, an intersection. */
  groundPosition: { x: number; y: number };
}

export type PlaceLookup =
  | { ok: true; place: Place; matchedBy: 'name' | 'address' | 'description'; detail: string }
  | { ok: false; error: string; suggestions: string[] };

const SUPERLATIVES: Readonly<Record<string, { measure: 'height' | 'area'; order: 1 | -1 }>> = {
  tallest: { measure: 'height', order: -1 }, highest: { measure: 'height', order: -1 },
  shortest: { measure: 'height', order: 1 }, lowest: { measure: 'height', order: 1 },
  largest: { measure: 'area', order: -1 }, biggest: { measure: 'area', order: -1 }, widest: { measure: 'area', order: -1 },
  smallest: { measure: 'area', order: 1 },
};
const BUILDING_NOUNS = new Set(['building', 'tower', 'skyscraper', 'house', 'spire', 'needle', 'landmark', 'block', 'one']);
const KIND_WORDS: Readonly<Record<string, PlaceKind | 'rooftop pad' | 'ground pad' | 'landmark'>> = {
  depot: 'depot', depots: 'depot', hub: 'depot', pad: 'pad', pads: 'pad', helipad: 'pad', park: 'park', parks: 'park',
  building: 'building', buildings: 'building', house: 'building', landmark: 'landmark', tower: 'landmark',
  intersection: 'intersection', corner: 'intersection', crossing: 'intersection', bridge: 'bridge', bridges: 'bridge',
};

export const DESCRIPTION_FORMS = [
  'the tallest building', 'the smallest building on <street>', 'the red tower', 'the blue building in <district>',
  'nearest depot to <place>', 'the park closest to <place>', 'corner of <street> and <street>', 'roof of <place>',
];

export class PlaceIndex {
  private readonly spec: WorldSpec;
  private readonly roads: RoadGraph;
  private readonly byKey = new Map<string, Place>();
  private readonly allNames: string[] = [];
  private readonly streetKeys: { key: string; name: string }[];
  /** street name → house number → place. */
  private readonly addressBook = new Map<string, Map<number, Place>>();
  private readonly buildingPlaces: Place[];
  private readonly depotPlaces: Place[];
  private readonly padPlaces: Place[];
  private readonly parkPlaces: Place[];
  private readonly bridgePlaces: Place[];
  private readonly districtPlaces: Place[];
  private readonly streetPlaces: Place[];

  constructor(spec: WorldSpec, roads: RoadGraph) {
    this.spec = spec;
    this.roads = roads;
    this.buildingPlaces = spec.buildings.map((building) => buildingPlace(building));
    this.depotPlaces = spec.depots.map((depot) => ({
      kind: 'depot', id: depot.id, name: depot.name, address: formatAddress(depot.address),
      position: { x: depot.x, y: depot.y, z: 0 }, groundPosition: { x: depot.x, y: depot.y },
    }));
    this.padPlaces = spec.pads.map((pad) => ({
      kind: 'pad', id: pad.id, name: pad.name, position: { x: pad.x, y: pad.y, z: pad.z },
      groundPosition: pad.buildingId >= 0 ? this.buildingPlaces[pad.buildingId].groundPosition : { x: pad.x, y: pad.y },
    }));
    this.parkPlaces = spec.parks.map((park) => {
      const x = (park.minX + park.maxX) / 2;
      const y = (park.minY + park.maxY) / 2;
      return { kind: 'park', id: park.id, name: park.name, position: { x, y, z: 0 }, groundPosition: { x, y } };
    });
    this.streetPlaces = spec.streets.map((street) => {
      const nodes = spec.roadSegments.filter((segment) => segment.streetId === street.id).flatMap((segment) => [segment.from, segment.to]);
      const middle = nodes.length > 0 ? spec.intersections[nodes[Math.floor(nodes.length / 2)]] : { x: 0, y: 0 };
      return { kind: 'street', id: street.id, name: street.name, position: { x: middle.x, y: middle.y, z: 0 }, groundPosition: { x: middle.x, y: middle.y } };
    });
    this.bridgePlaces = spec.bridges.map((bridge) => {
      const segment = spec.roadSegments[bridge.roadSegmentIds[Math.floor(bridge.roadSegmentIds.length / 2)]];
      const a = spec.intersections[segment.from];
      const b = spec.intersections[segment.to];
      const x = (a.x + b.x) / 2;
      const y = (a.y + b.y) / 2;
      return { kind: 'bridge', id: bridge.id, name: bridge.name, position: { x, y, z: 0 }, groundPosition: { x, y } };
    });
    this.districtPlaces = spec.districts.map((district) => ({
      kind: 'district', id: district.id, name: district.name,
      position: { x: district.anchor.x, y: district.anchor.y, z: 0 }, groundPosition: { x: district.anchor.x, y: district.anchor.y },
    }));
    const named: Place[] = [
      ...this.buildingPlaces.filter((place) => spec.buildings[place.id].name !== undefined),
      ...this.depotPlaces, ...this.padPlaces, ...this.parkPlaces, ...this.bridgePlaces, ...this.streetPlaces, ...this.districtPlaces,
    ];
    if (spec.river) {
      const middle = spec.river.centerline[Math.floor(spec.river.centerline.length / 2)];
      named.push({ kind: 'river', id: 0, name: spec.river.name, position: { x: middle.x, y: middle.y, z: 0 }, groundPosition: { x: middle.x, y: middle.y } });
    }
    for (const place of named) {
      const key = placeKey(place.name);
      if (!this.byKey.has(key)) {
        this.byKey.set(key, place);
        this.allNames.push(place.name);
      }
    }
    this.streetKeys = spec.streets.map((street) => ({ key: placeKey(street.name), name: street.name }));
    const file = (street: string, number: number, place: Place): void => {
      const numbers = this.addressBook.get(street) ?? new Map<number, Place>();
      if (!numbers.has(number)) numbers.set(number, place);
      this.addressBook.set(street, numbers);
    };
    spec.buildings.forEach((building, id) => file(building.address.street, building.address.number, this.buildingPlaces[id]));
    spec.depots.forEach((depot, id) => file(depot.address.street, depot.address.number, this.depotPlaces[id]));
  }

  /** Every name the index knows (landmarks, depots, pads, parks, bridges, streets, districts, the river). */
  names(): string[] {
    return [...this.allNames];
  }

  building(id: number): Place {
    const place = this.buildingPlaces[id];
    if (!place) throw new RangeError(`building id: must be in [0, ${this.buildingPlaces.length - 1}] (got ${id})`);
    return place;
  }

  /** Any way of naming a place: an address, a name (typos forgiven), or a description. */
  resolve(text: string): PlaceLookup {
    const trimmed = text.trim();
    if (trimmed === '') return { ok: false, error: 'place: must not be empty', suggestions: this.allNames.slice(0, 5) };
    const exact = this.byKey.get(placeKey(trimmed));
    if (exact) return { ok: true, place: exact, matchedBy: 'name', detail: `named "${exact.name}"` };
    if (parseAddressText(trimmed) && this.matchStreet(parseAddressText(trimmed)!.streetText)) return this.byAddress(trimmed);
    const [described, understood] = this.describe(trimmed);
    if (described.ok) return described;
    const named = this.byName(trimmed);
    if (named.ok) return named;
    // A text that reads as a description ("nearest spaceport to ...") deserves the description's own complaint.
    if (understood) return described;
    const suggestions = named.suggestions.slice(0, 5);
    return {
      ok: false,
      error: `place: no place matches "${trimmed}"; closest names: ${suggestions.join(', ')}; accepted: a name, an address ("12 Elm St") or a description ("the tallest building", "nearest depot to <place>")`,
      suggestions,
    };
  }

  /** Name lookup, forgiving case, spacing and small typos; an unknown name lists the closest names. */
  byName(text: string): PlaceLookup {
    const key = placeKey(text);
    const exact = this.byKey.get(key);
    if (exact) return { ok: true, place: exact, matchedBy: 'name', detail: `named "${exact.name}"` };
    const allowance = typoAllowance(key);
    let best: Place | null = null;
    let bestDistance = Infinity;
    let tie = false;
    for (const [candidateKey, place] of this.byKey) {
      const distance = editDistance(key, candidateKey, allowance);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = place;
        tie = false;
      } else if (distance === bestDistance) tie = true;
    }
    if (best && bestDistance <= allowance && !tie) {
      return { ok: true, place: best, matchedBy: 'name', detail: `closest name to "${text}" is "${best.name}"` };
    }
    const suggestions = closestNames(text, this.allNames).map((entry) => entry.name);
    return { ok: false, error: `place: no place is named "${text}"; closest names: ${suggestions.join(', ')}`, suggestions };
  }

  /** Address lookup: "12 Elm St", "Elm St 12", "12 elm street". */
  byAddress(text: string): PlaceLookup {
    const parsed = parseAddressText(text);
    if (!parsed) {
      return { ok: false, error: `address: "${text}" has no house number; accepted: "12 Elm St" or "Elm St 12"`, suggestions: [] };
    }
    const street = this.matchStreet(parsed.streetText);
    if (!street) {
      const suggestions = closestNames(parsed.streetText, this.spec.streets.map((s) => s.name)).map((entry) => entry.name);
      return { ok: false, error: `address: no street is named "${parsed.streetText}"; closest streets: ${suggestions.join(', ')}`, suggestions };
    }
    const numbers = this.addressBook.get(street);
    const place = numbers?.get(parsed.number);
    if (place) return { ok: true, place, matchedBy: 'address', detail: `address ${parsed.number} ${street}` };
    const known = numbers ? [...numbers.keys()].sort((a, b) => Math.abs(a - parsed.number) - Math.abs(b - parsed.number) || a - b) : [];
    const suggestions = known.slice(0, 3).map((number) => `${number} ${street}`);
    const range = numbers && numbers.size > 0 ? `${Math.min(...numbers.keys())} to ${Math.max(...numbers.keys())}` : 'none';
    return {
      ok: false,
      error: `address: nothing stands at ${parsed.number} ${street} (its numbers run ${range}); nearest: ${suggestions.join(', ') || 'none'}`,
      suggestions,
    };
  }

  /** Description lookup: superlatives, colours, "on <street>", "in <district>", "nearest <kind> to <place>", corners, roofs. */
  byDescription(text: string): PlaceLookup {
    return this.describe(text)[0];
  }

  /** The lookup, and whether the text had the shape of a description at all. */
  private describe(text: string): [PlaceLookup, boolean] {
    const words = placeWords(text);
    const phrase = words.join(' ');
    const fail = (error: string): PlaceLookup => ({ ok: false, error, suggestions: DESCRIPTION_FORMS.slice() });

    const nearest = /^(?:(?:the )?(?:nearest|closest) (.+?)|(.+?) (?:nearest|closest)) (?:to|from) (.+)$/.exec(phrase);
    if (nearest) return [this.nearestTo(nearest[1] ?? nearest[2], nearest[3], text), true];

    const roof = /^(?:roof|top|rooftop) of (.+)$/.exec(phrase);
    if (roof) {
      const target = this.resolve(roof[1]);
      if (!target.ok) return [target, true];
      return [{ ok: true, place: target.place, matchedBy: 'description', detail: `roof of ${target.place.name}` }, true];
    }

    const corner = /^(?:(?:the )?(?:corner|intersection|crossing) of )?(.+?) (?:and|&) (.+)$/.exec(text.toLowerCase().replace(/^the /, ''));
    if (corner) {
      const a = this.matchStreet(corner[1]);
      const b = this.matchStreet(corner[2]);
      if (a && b) {
        const node = this.roads.intersectionOf(a, b);
        if (node < 0) return [fail(`description: ${a} and ${b} do not cross`), true];
        const x = this.roads.nodeX[node];
        const y = this.roads.nodeY[node];
        return [{
          ok: true, matchedBy: 'description', detail: `corner of ${a} and ${b}`,
          place: { kind: 'intersection', id: node, name: `${a} & ${b}`, position: { x, y, z: 0 }, groundPosition: { x, y } },
        }, true];
      }
    }

    const building = this.describeBuilding(words, text);
    const mentionsDescriptionWord = words.some((word) => SUPERLATIVES[word] || (COLOUR_WORDS as readonly string[]).includes(word) || COLOUR_SYNONYMS[word]);
    return [building, mentionsDescriptionWord];
  }

  private describeBuilding(words: string[], text: string): PlaceLookup {
    let superlative: { measure: 'height' | 'area'; order: 1 | -1 } | null = null;
    let colour: ColourWord | null = null;
    let noun = '';
    let street: string | null = null;
    let district: number | null = null;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (SUPERLATIVES[word]) superlative = SUPERLATIVES[word];
      else if ((COLOUR_WORDS as readonly string[]).includes(word)) colour = word as ColourWord;
      else if (COLOUR_SYNONYMS[word]) colour = COLOUR_SYNONYMS[word];
      else if (BUILDING_NOUNS.has(word)) noun = word;
      else if ((word === 'on' || word === 'along') && i + 1 < words.length) {
        street = this.matchStreet(words.slice(i + 1).join(' '));
        if (!street) return { ok: false, error: `description: no street is named "${words.slice(i + 1).join(' ')}"`, suggestions: this.closestStreets(words.slice(i + 1).join(' ')) };
        break;
      } else if (word === 'in' && i + 1 < words.length) {
        const key = words.slice(i + 1).join('');
        const found = this.spec.districts.find((d) => placeKey(d.name) === key || editDistance(placeKey(d.name), key) <= typoAllowance(key));
        if (!found) return { ok: false, error: `description: no district is named "${words.slice(i + 1).join(' ')}"`, suggestions: this.spec.districts.map((d) => d.name) };
        district = found.id;
        break;
      } else if (word !== 'of' && word !== 'city' && word !== 'most') {
        return { ok: false, error: `description: "${text}" is not a description I can read (unexpected "${word}")`, suggestions: DESCRIPTION_FORMS.slice() };
      }
    }
    if (!superlative && !colour) {
      return { ok: false, error: `description: "${text}" names no colour and no superlative`, suggestions: DESCRIPTION_FORMS.slice() };
    }
    const family = colour ? COLOUR_FAMILY[colour] : null;
    const matches = this.spec.buildings.filter(
      (building) =>
        (!family || family.includes(colourWordOfHex(building.color))) &&
        (street === null || building.address.street === street) &&
        (district === null || building.districtId === district),
    );
    if (matches.length === 0) {
      const what = [colour, noun || 'building', street ? `on ${street}` : '', district !== null ? `in ${this.spec.districts[district].name}` : ''].filter(Boolean).join(' ');
      return { ok: false, error: `description: no ${what} in this world`, suggestions: DESCRIPTION_FORMS.slice() };
    }
    // Without a superlative a colour picks the tallest match: the one a person would notice.
    const rule = superlative ?? { measure: 'height' as const, order: -1 as const };
    const value = (b: Building): number => (rule.measure === 'height' ? b.height : (b.maxX - b.minX) * (b.maxY - b.minY));
    let best = matches[0];
    for (const building of matches) {
      const difference = (value(building) - value(best)) * rule.order;
      if (difference < 0 || (difference === 0 && building.id < best.id)) best = building;
    }
    const place = this.buildingPlaces[best.id];
    return { ok: true, place, matchedBy: 'description', detail: `${text.trim()} → ${place.name} (${best.height} m, ${colourWordOfHex(best.color)})` };
  }

  private nearestTo(kindText: string, targetText: string, text: string): PlaceLookup {
    const target = this.resolve(targetText);
    if (!target.ok) return { ok: false, error: `description: cannot find "${targetText}" in "${text}": ${target.error}`, suggestions: target.suggestions };
    const kindWords = placeWords(kindText);
    const kind = kindWords.includes('rooftop') || kindWords.includes('roof') ? 'rooftop pad'
      : kindWords.includes('ground') && kindWords.some((w) => w.startsWith('pad')) ? 'ground pad'
      : KIND_WORDS[kindWords[kindWords.length - 1] ?? ''];
    let candidates: Place[];
    switch (kind) {
      case 'depot': candidates = this.depotPlaces; break;
      case 'pad': candidates = this.padPlaces; break;
      case 'rooftop pad': candidates = this.padPlaces.filter((p) => this.spec.pads[p.id].kind === 'rooftop'); break;
      case 'ground pad': candidates = this.padPlaces.filter((p) => this.spec.pads[p.id].kind === 'ground'); break;
      case 'park': candidates = this.parkPlaces; break;
      case 'bridge': candidates = this.bridgePlaces; break;
      case 'building': candidates = this.buildingPlaces; break;
      case 'landmark': candidates = this.buildingPlaces.filter((p) => this.spec.buildings[p.id].name !== undefined); break;
      case 'intersection':
        candidates = Array.from({ length: this.roads.nodeCount }, (_, node) => {
          const x = this.roads.nodeX[node];
          const y = this.roads.nodeY[node];
          return { kind: 'intersection' as const, id: node, name: this.roads.intersectionName(node), position: { x, y, z: 0 }, groundPosition: { x, y } };
        });
        break;
      default:
        return { ok: false, error: `description: "${kindText}" is not a kind of place; accepted: depot, pad, rooftop pad, ground pad, park, bridge, building, landmark, intersection`, suggestions: DESCRIPTION_FORMS.slice() };
    }
    const from = target.place;
    let best: Place | null = null;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
      if (candidate.kind === from.kind && candidate.id === from.id) continue;
      const distance = Math.hypot(candidate.position.x - from.position.x, candidate.position.y - from.position.y);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    if (!best) return { ok: false, error: `description: this world has no ${kindText}`, suggestions: [] };
    return { ok: true, place: best, matchedBy: 'description', detail: `nearest ${kindText} to ${from.name}: ${best.name}, ${Math.round(bestDistance)} m away` };
  }

  /** The street a text names: exact key, a unique street whose name starts with it ("elm" → "Elm St"), or a small typo. */
  private matchStreet(text: string): string | null {
    const key = placeKey(text);
    if (key === '') return null;
    const exact = this.streetKeys.find((street) => street.key === key);
    if (exact) return exact.name;
    const prefixed = this.streetKeys.filter((street) => street.key.startsWith(key) && key.length >= 3);
    if (prefixed.length === 1) return prefixed[0].name;
    const allowance = typoAllowance(key);
    let best: string | null = null;
    let bestDistance = Infinity;
    for (const street of this.streetKeys) {
      const distance = editDistance(key, street.key, allowance);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = street.name;
      }
    }
    return bestDistance <= allowance ? best : null;
  }

  private closestStreets(text: string): string[] {
    return closestNames(text, this.spec.streets.map((street) => street.name)).map((entry) => entry.name);
  }
}

function buildingPlace(building: Building): Place {
  const address = formatAddress(building.address);
  return {
    kind: 'building',
    id: building.id,
    name: building.name ?? address,
    address,
    position: { x: (building.minX + building.maxX) / 2, y: (building.minY + building.maxY) / 2, z: building.height },
    groundPosition: { x: building.entrance.x, y: building.entrance.y },
  };
}
