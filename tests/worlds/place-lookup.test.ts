import { describe, expect, it } from 'vitest';
import { WorldIndex, colourWordOfHex, formatAddress, type Place, type PlaceLookup } from '../../worlds/index.ts';
import { city } from './world-fixtures.ts';

const spec = city(7);
const places = new WorldIndex(spec).places;

function found(result: PlaceLookup): Place {
  if (!result.ok) throw new Error(`expected a place, got: ${result.error}`);
  return result.place;
}

describe('place lookup by name', () => {
  it('finds every named place by its exact name', () => {
    const named = [
      ...spec.buildings.filter((b) => b.name).map((b) => ['building', b.id, b.name!] as const),
      ...spec.depots.map((d) => ['depot', d.id, d.name] as const),
      ...spec.pads.map((p) => ['pad', p.id, p.name] as const),
      ...spec.parks.map((p) => ['park', p.id, p.name] as const),
      ...spec.streets.map((s) => ['street', s.id, s.name] as const),
    ];
    expect(named.length).toBeGreaterThan(60);
    for (const [kind, id, name] of named) expect(found(places.byName(name))).toMatchObject({ kind, id, name });
  });

  it('ignores case, spacing, a leading "the" and small typos', () => {
    for (const text of ['depot 2', 'DEPOT2', '  the Depot   2 ', 'Depto 2', 'depot #2']) {
      expect(found(places.resolve(text)).name).toBe('Depot 2');
    }
    const landmark = spec.buildings.find((b) => b.name && b.name.length >= 9)!;
    const typo = landmark.name!.slice(0, 3) + landmark.name!.slice(4);
    expect(found(places.byName(typo)).id).toBe(landmark.id);
    expect(found(places.byName(landmark.name!.toLowerCase().replace(/ /g, ''))).id).toBe(landmark.id);
  });

  it('answers an unknown name with the closest names', () => {
    const result = places.byName('Depot 77');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.suggestions.length).toBe(5);
    expect(result.suggestions.slice(0, 3).every((name) => name.startsWith('Depot'))).toBe(true);
    expect(result.error).toContain('no place is named "Depot 77"');
    const nonsense = places.resolve('zeppelin hangar');
    expect(nonsense.ok).toBe(false);
    if (!nonsense.ok) expect(nonsense.suggestions.length).toBeGreaterThan(0);
  });
});

describe('place lookup by address', () => {
  const building = spec.buildings[123];
  const { number, street } = building.address;

  it('reads "12 Elm St", "Elm St 12" and "12 elm street" as the same address', () => {
    const spelledOut = street.replace(/ St$/, ' Street').replace(/ Ave$/, ' Avenue').toLowerCase();
    for (const text of [formatAddress(building.address), `${street} ${number}`, `${number} ${spelledOut}`, `${street} #${number}`]) {
      const place = found(places.byAddress(text));
      expect(place).toMatchObject({ kind: 'building', id: building.id });
      expect(place.groundPosition).toEqual(building.entrance);
      expect(place.position.z).toBe(building.height);
    }
    expect(found(places.resolve(`${street} ${number}`)).id).toBe(building.id);
  });

  it('finds depots by their addresses', () => {
    for (const depot of spec.depots) expect(found(places.byAddress(formatAddress(depot.address)))).toMatchObject({ kind: 'depot', id: depot.id });
  });

  it('explains a number that does not exist and a street that does not exist', () => {
    const numbers = spec.buildings.filter((b) => b.address.street === street).map((b) => b.address.number);
    const missing = Math.max(...numbers) + 1000;
    const result = places.byAddress(`${missing} ${street}`);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain(`nothing stands at ${missing} ${street}`);
      expect(result.suggestions[0]).toBe(`${Math.max(...numbers)} ${street}`);
    }
    const noStreet = places.byAddress('12 Nowhere Boulevard');
    expect(noStreet.ok).toBe(false);
    if (!noStreet.ok) expect(noStreet.error).toContain('no street is named');
  });
});

describe('place lookup by description', () => {
  it('finds the tallest, the shortest and the largest building', () => {
    const tallest = spec.buildings.reduce((a, b) => (b.height > a.height ? b : a));
    const shortest = spec.buildings.reduce((a, b) => (b.height < a.height ? b : a));
    const area = (b: (typeof spec.buildings)[number]): number => (b.maxX - b.minX) * (b.maxY - b.minY);
    const largest = spec.buildings.reduce((a, b) => (area(b) > area(a) ? b : a));
    expect(found(places.resolve('the tallest building')).id).toBe(tallest.id);
    expect(found(places.byDescription('highest tower')).id).toBe(tallest.id);
    expect(found(places.byDescription('the shortest building')).id).toBe(shortest.id);
    expect(found(places.byDescription('the largest building')).id).toBe(largest.id);
  });

  it('finds "the red tower" by colour, and the tallest building on a street', () => {
    const red = found(places.byDescription('the red tower'));
    const redBuildings = spec.buildings.filter((b) => colourWordOfHex(b.color) === 'red');
    expect(spec.buildings[red.id].height).toBe(Math.max(...redBuildings.map((b) => b.height)));
    expect(red.name).toBe('Red Tower');
    expect(colourWordOfHex(spec.buildings[red.id].color)).toBe('red');
    const street = spec.buildings[500].address.street;
    const onStreet = spec.buildings.filter((b) => b.address.street === street);
    const expected = onStreet.reduce((a, b) => (b.height > a.height || (b.height === a.height && b.id < a.id) ? b : a));
    expect(found(places.byDescription(`the tallest building on ${street}`)).id).toBe(expected.id);
  });

  it('finds the nearest depot to an address, as brute force does', () => {
    for (const id of [10, 400, 900, 1500]) {
      const building = spec.buildings[id];
      const from = { x: (building.minX + building.maxX) / 2, y: (building.minY + building.maxY) / 2 };
      const nearest = spec.depots.reduce((a, b) => (Math.hypot(b.x - from.x, b.y - from.y) < Math.hypot(a.x - from.x, a.y - from.y) ? b : a));
      const text = `nearest depot to ${building.address.street} ${building.address.number}`;
      expect(found(places.resolve(text))).toMatchObject({ kind: 'depot', id: nearest.id });
    }
    expect(found(places.resolve('the park closest to Depot 1')).kind).toBe('park');
    expect(found(places.resolve('nearest rooftop pad to Depot 2')).name).toMatch(/^Rooftop Pad \d+$/);
  });

  it('finds street corners and roofs', () => {
    const [a, b] = [spec.streets[0].name, spec.streets[1].name];
    const corner = found(places.resolve(`corner of ${a} and ${b}`));
    expect(corner.kind).toBe('intersection');
    expect(found(places.resolve(`${b} & ${a}`)).id).toBe(corner.id);
    const roof = found(places.resolve('roof of the Red Tower'));
    expect(roof.position.z).toBe(spec.buildings[roof.id].height);
  });

  it('explains what it could not read', () => {
    const result = places.byDescription('the purple submarine');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('unexpected "submarine"');
    const kind = places.resolve('nearest spaceport to Depot 1');
    expect(kind.ok).toBe(false);
    if (!kind.ok) expect(kind.error).toContain('accepted: depot, pad');
  });
});
