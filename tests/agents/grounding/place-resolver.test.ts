import { describe, expect, it } from 'vitest';
import { AgentError, resolvePlace } from '../../../agents/index.ts';
import { buildingName, cityFacts, groundingWorld } from './grounding-world.ts';

const places = groundingWorld.places;

describe('resolvePlace', () => {
  it('finds depots by name, address and typo, with the depot position', () => {
    for (const depot of cityFacts.depots) {
      const byName = resolvePlace(depot.name, places);
      expect([byName.kind, byName.position.x, byName.position.y]).toEqual(['depot', depot.x, depot.y]);
      expect(resolvePlace(`${depot.address.street} ${depot.address.number}`, places).name).toBe(depot.name);
    }
    expect(resolvePlace('depto 1', places).name).toBe(cityFacts.depots[0].name);
  });

  it('finds the tallest building by description, at its roof height', () => {
    const place = resolvePlace('the tallest building', places);
    expect(place.name).toBe(buildingName(cityFacts.tallest));
    expect(place.position.z).toBe(cityFacts.tallest.height);
  });

  it('measures "the nearest depot" from the given position', () => {
    for (const depot of cityFacts.depots) {
      expect(resolvePlace('the nearest depot', places, [depot.x + 3, depot.y - 4, 20]).name).toBe(depot.name);
    }
    expect(resolvePlace('closest rooftop pad', places, [0, 0, 0]).kind).toBe('pad');
  });

  it('throws unknown_place with the closest names, and asks for a position for "nearest" without one', () => {
    let caught: unknown;
    try {
      resolvePlace('Depot 7', places);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AgentError);
    const error = caught as AgentError;
    expect(error.code).toBe('unknown_place');
    expect(error.details.field).toBe('place');
    expect(error.details.closest!.slice(0, 3).sort()).toEqual(cityFacts.depots.map((depot) => depot.name).sort());
    expect(() => resolvePlace('nearest depot', places)).toThrow(/needs a position to measure from/);
    expect(() => resolvePlace('nearest spaceship', places, [0, 0, 0])).toThrow(/accepted: depot, pad, roof, ground pad, park, bridge, landmark/);
  });
});
