/**
 * search: a described object placed by the seed (a coloured car on a roof, a large crate in a
 * park, a marker post on a sidewalk) that only the cameras draw. The agent is told what it is and
 * roughly where (near a landmark, in a park, on a street), never its position, and ends with
 * `found`. Success: `found` within 10 m horizontally of the object and at most 20 m above it
 * (in the spirit of FlySearch's rule: close and low enough to have seen it).
 */
import type { FleetEnv } from '../../sim/index.ts';
import type { SceneMarker } from '../../worlds/index.ts';
import type { EpisodeRandom } from '../episode/episode-random.ts';
import { horizontalDistance, reachableWithoutViolation, type GoalEndState, type GoalJudgement, type GoalSetup, type GoalTask } from './goal-task.ts';

export const SEARCH_RADIUS_M = 10;
export const SEARCH_MAX_HEIGHT_ABOVE_M = 20;

const COLOURS: readonly { name: string; rgb: [number, number, number] }[] = [
  { name: 'red', rgb: [225, 20, 30] }, { name: 'yellow', rgb: [250, 215, 0] }, { name: 'magenta', rgb: [230, 0, 200] },
  { name: 'cyan', rgb: [0, 215, 230] }, { name: 'orange', rgb: [255, 115, 0] },
];

type ObjectKind = 'car' | 'crate' | 'post';

export const SEARCH_TASK: GoalTask = {
  name: 'search',
  endVerb: 'found',
  rules: `Call found when you are within ${SEARCH_RADIUS_M} m (horizontally) of the object and at most ${SEARCH_MAX_HEIGHT_ABOVE_M} m above it. Calling found ends the episode; only the camera shows the object.`,

  setUp(env: FleetEnv, random: EpisodeRandom): GoalSetup {
    const colour = random.pick(COLOURS);
    const kinds: ObjectKind[] = env.spec.parks.length > 0 ? ['car', 'crate', 'post'] : ['car', 'post'];
    const kind = kinds[random.index(kinds.length)];
    if (kind === 'crate') return crateInPark(env, random, colour);
    if (kind === 'post') return postOnStreet(env, random, colour);
    return carOnRoof(env, random, colour);
  },

  isOver(state: GoalEndState): boolean {
    return state.declared || state.crashed;
  },

  judge(state: GoalEndState, setup: GoalSetup): GoalJudgement {
    const distanceM = horizontalDistance(state.position, setup.goal);
    const heightAboveM = state.position[2] - setup.goal[2];
    const success = state.declared && !state.crashed && distanceM <= SEARCH_RADIUS_M && heightAboveM <= SEARCH_MAX_HEIGHT_ABOVE_M && heightAboveM >= -3;
    return { success, distanceM, heightAboveM };
  },
};

function carOnRoof(env: FleetEnv, random: EpisodeRandom, colour: (typeof COLOURS)[number]): GoalSetup {
  const start = env.vehicle('drone-1').position;
  const open = (b: (typeof env.spec.buildings)[number]): boolean => reachableWithoutViolation(env, b.minX, b.minY, b.height) && reachableWithoutViolation(env, b.maxX, b.maxY, b.height)
    && reachableWithoutViolation(env, b.minX, b.maxY, b.height) && reachableWithoutViolation(env, b.maxX, b.minY, b.height);
  const roofs = env.spec.buildings.filter((b) => b.maxX - b.minX >= 8 && b.maxY - b.minY >= 8 && horizontalDistance(centre(b), start) <= 300 && open(b));
  const building = roofs.length > 0 ? random.pick(roofs) : random.pick(env.spec.buildings);
  const alongX = random.next() < 0.5;
  const sizeX = alongX ? 4.4 : 1.9, sizeY = alongX ? 1.9 : 4.4;
  const x = random.between(building.minX + sizeX / 2 + 1, building.maxX - sizeX / 2 - 1);
  const y = random.between(building.minY + sizeY / 2 + 1, building.maxY - sizeY / 2 - 1);
  const marker: SceneMarker = { label: `${colour.name} car`, x, y, z: building.height, sizeX, sizeY, height: 1.5, rgb: colour.rgb };
  const anchor = nearestAnchor(env, [x, y]);
  const radius = Math.ceil((anchor.distance + 30) / 50) * 50;
  const address = building.name ?? `${building.address.number} ${building.address.street}`;
  return {
    instruction: `Find the ${colour.name} car parked on a rooftop within ${radius} m of ${anchor.name}, then call found.`,
    goal: [x, y, building.height + 1.5], markers: [marker], answer: `${colour.name} car on the roof of ${address}`,
  };
}

function crateInPark(env: FleetEnv, random: EpisodeRandom, colour: (typeof COLOURS)[number]): GoalSetup {
  const park = random.pick(env.spec.parks);
  const margin = 3;
  let x = 0, y = 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    x = random.between(park.minX + margin, Math.max(park.minX + margin, park.maxX - margin));
    y = random.between(park.minY + margin, Math.max(park.minY + margin, park.maxY - margin));
    if (reachableWithoutViolation(env, x, y, 0)) break;
  }
  const marker: SceneMarker = { label: `${colour.name} crate`, x, y, z: 0, sizeX: 1.6, sizeY: 1.6, height: 1.2, rgb: colour.rgb };
  return {
    instruction: `Find the large ${colour.name} crate lying somewhere in ${park.name}, then call found.`,
    goal: [x, y, 1.2], markers: [marker], answer: `${colour.name} crate in ${park.name}`,
  };
}

function postOnStreet(env: FleetEnv, random: EpisodeRandom, colour: (typeof COLOURS)[number]): GoalSetup {
  const byStreet = new Map<string, typeof env.spec.buildings>();
  for (const building of env.spec.buildings) {
    if (!reachableWithoutViolation(env, building.entrance.x, building.entrance.y, 0)) continue;
    byStreet.set(building.address.street, [...(byStreet.get(building.address.street) ?? []), building]);
  }
  const streets = [...byStreet.keys()].sort();
  const street = random.pick(streets);
  const building = random.pick(byStreet.get(street)!);
  const { x, y } = building.entrance;
  const marker: SceneMarker = { label: `${colour.name} marker post`, x, y, z: 0, sizeX: 0.6, sizeY: 0.6, height: 2, rgb: colour.rgb };
  return {
    instruction: `Find the 2 m tall ${colour.name} marker post standing on the sidewalk in front of one of the buildings on ${street}, then call found.`,
    goal: [x, y, 2], markers: [marker], answer: `${colour.name} marker post at ${building.address.number} ${street}`,
  };
}

function centre(box: { minX: number; minY: number; maxX: number; maxY: number }): [number, number] {
  return [(box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2];
}

/** The depot or named landmark nearest to a point: how a person would say where to look. */
function nearestAnchor(env: FleetEnv, point: readonly number[]): { name: string; distance: number } {
  const anchors = [
    ...env.spec.depots.map((d) => ({ name: d.name, at: [d.x, d.y] })),
    ...env.spec.buildings.filter((b) => b.name).map((b) => ({ name: b.name!, at: centre(b) })),
  ];
  let best = { name: anchors[0].name, distance: Infinity };
  for (const anchor of anchors) {
    const distance = horizontalDistance(anchor.at, point);
    if (distance < best.distance) best = { name: anchor.name, distance };
  }
  return best;
}
