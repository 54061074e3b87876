/**
 * navigate: follow an instruction in the style of AerialVLN and CityNav ("land on the roof of the
 * tallest building on Elm St", "fly to the park north of Depot 2 and land at its centre"). The
 * episode ends when the drone has landed away from its start; success when it landed within 2 m
 * (horizontally, on the intended surface) of the intended spot.
 */
import type { FleetEnv } from '../../sim/index.ts';
import type { Building } from '../../worlds/index.ts';
import type { EpisodeRandom } from '../episode/episode-random.ts';
import { horizontalDistance, reachableWithoutViolation, type GoalEndState, type GoalJudgement, type GoalSetup, type GoalTask, type Vec3 } from './goal-task.ts';

export const NAVIGATE_RADIUS_M = 2;
/** Landed on the intended surface: within this height of it, m. */
const SURFACE_TOLERANCE_M = 1;
/** Landing closer than this to the start does not end the episode (the drone starts landed), m. */
const MOVED_M = 5;

type Instruction = (env: FleetEnv, random: EpisodeRandom) => GoalSetup | null;

export const NAVIGATE_TASK: GoalTask = {
  name: 'navigate',
  endVerb: null,
  rules: `The episode ends when you land away from your start; it succeeds when you landed within ${NAVIGATE_RADIUS_M} m of the intended spot.`,

  setUp(env: FleetEnv, random: EpisodeRandom): GoalSetup {
    const forms: Instruction[] = [tallestOnStreet, parkNorthOfDepot, landmarkRoof, addressRoof];
    const first = random.index(forms.length);
    for (let k = 0; k < forms.length; k++) {
      const setup = forms[(first + k) % forms.length](env, random);
      if (setup) return setup;
    }
    throw new RangeError('navigate: this world has no building, park or landmark to name');
  },

  isOver(state: GoalEndState): boolean {
    return state.crashed || (state.landed && !state.busy && state.movedM > MOVED_M);
  },

  judge(state: GoalEndState, setup: GoalSetup): GoalJudgement {
    const distanceM = horizontalDistance(state.position, setup.goal);
    const heightAboveM = state.position[2] - setup.goal[2];
    const success = !state.crashed && state.landed && distanceM <= NAVIGATE_RADIUS_M && Math.abs(heightAboveM) <= SURFACE_TOLERANCE_M;
    return { success, distanceM, heightAboveM };
  },
};

function roofSpot(building: Building): Vec3 {
  return [(building.minX + building.maxX) / 2, (building.minY + building.maxY) / 2, building.height];
}

function openRoof(env: FleetEnv, building: Building): boolean {
  const [x, y, z] = roofSpot(building);
  return reachableWithoutViolation(env, x, y, z);
}

function nameOf(building: Building): string {
  return building.name ?? `${building.address.number} ${building.address.street}`;
}

function tallestOnStreet(env: FleetEnv, random: EpisodeRandom): GoalSetup | null {
  const counts = new Map<string, Building[]>();
  for (const building of env.spec.buildings) counts.set(building.address.street, [...(counts.get(building.address.street) ?? []), building]);
  // The tallest of a street whose roof lies in a no-fly zone would ask for a violation: such streets are not asked about.
  for (const [street, buildings] of counts) if (!openRoof(env, [...buildings].sort((a, b) => b.height - a.height || a.id - b.id)[0])) counts.delete(street);
  const streets = [...counts.entries()].filter(([, buildings]) => buildings.length >= 2).map(([street]) => street).sort();
  if (streets.length === 0) return null;
  const street = random.pick(streets);
  const tallest = [...counts.get(street)!].sort((a, b) => b.height - a.height || a.id - b.id)[0];
  return { instruction: `Land on the roof of the tallest building on ${street}.`, goal: roofSpot(tallest), markers: [], answer: `roof of ${nameOf(tallest)}` };
}

function parkNorthOfDepot(env: FleetEnv, random: EpisodeRandom): GoalSetup | null {
  const options = env.spec.depots.map((depot) => {
    const north = env.spec.parks
      .map((park) => ({ park, at: [(park.minX + park.maxX) / 2, (park.minY + park.maxY) / 2] as [number, number] }))
      .filter(({ at }) => at[1] > depot.y + 30)
      .sort((a, b) => horizontalDistance(a.at, [depot.x, depot.y]) - horizontalDistance(b.at, [depot.x, depot.y]));
    return { depot, park: north[0] };
  }).filter((option) => option.park && reachableWithoutViolation(env, option.park.at[0], option.park.at[1], 0));
  if (options.length === 0) return null;
  const { depot, park } = random.pick(options);
  const surface = env.world.buildingFootprintAt(park!.at[0], park!.at[1], 0);
  const z = surface >= 0 ? env.spec.buildings[surface].height : 0;
  return {
    instruction: `Fly to the park north of ${depot.name} (the nearest one) and land at its centre.`,
    goal: [park!.at[0], park!.at[1], z], markers: [], answer: `centre of ${park!.park.name}`,
  };
}

function landmarkRoof(env: FleetEnv, random: EpisodeRandom): GoalSetup | null {
  const landmarks = env.spec.buildings.filter((b) => b.name && openRoof(env, b));
  if (landmarks.length === 0) return null;
  const building = random.pick(landmarks);
  return { instruction: `Land on the roof of ${building.name}.`, goal: roofSpot(building), markers: [], answer: `roof of ${building.name}` };
}

function addressRoof(env: FleetEnv, random: EpisodeRandom): GoalSetup | null {
  const unnamed = env.spec.buildings.filter((b) => !b.name && openRoof(env, b));
  if (unnamed.length === 0) return null;
  const building = random.pick(unnamed);
  return {
    instruction: `Land on the roof of the building at ${building.address.number} ${building.address.street}.`,
    goal: roofSpot(building), markers: [], answer: `roof of ${nameOf(building)}`,
  };
}
