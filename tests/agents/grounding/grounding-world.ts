/** The generated city the grounding suites read: seed 7, 1 km, with its real names computed from the spec. */
import { generateWorld, WorldIndex, type Building } from '../../../worlds/index.ts';
import type { GroundingContext } from '../../../agents/index.ts';

export const groundingSpec = generateWorld(7, { size: 1000 });
export const groundingWorld = new WorldIndex(groundingSpec);

const byHeight = (order: 1 | -1) => (a: Building, b: Building): number => (a.height - b.height) * order || a.id - b.id;

/** Facts about the city, taken from the spec so that the tests do not hard-code the answers. */
export const cityFacts = {
  depots: groundingSpec.depots,
  tallest: [...groundingSpec.buildings].sort(byHeight(-1))[0],
  landmarks: groundingSpec.buildings.filter((building) => building.name !== undefined),
  streets: groundingSpec.streets.map((street) => street.name),
  parks: groundingSpec.parks,
};

export function buildingName(building: Building): string {
  return building.name ?? `${building.address.number} ${building.address.street}`;
}

export function droneContext(position: [number, number, number] = [0, 0, 0]): GroundingContext {
  return {
    places: groundingWorld.places, world: groundingWorld, agentKind: 'drone', agentPosition: position, agentIds: ['drone-1', 'drone-2', 'robot-1', 'robot-2'],
  };
}

export function robotContext(position: [number, number, number] = [0, 0, 0]): GroundingContext {
  return { ...droneContext(position), agentKind: 'robot' };
}
