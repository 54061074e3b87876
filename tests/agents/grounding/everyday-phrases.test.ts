/**
 * Everyday phrases for places people do not name: the agent's home depot ("the depot", "base"),
 * the nearest of a kind ("the park", "a roof"), and number words ("depot two", "the third depot").
 * Expected places are computed from the spec by brute force, not by the resolver under test.
 */
import { describe, expect, it } from 'vitest';
import { AgentError, groundText, type GroundedVerb } from '../../../agents/index.ts';
import { cityFacts, droneContext, groundingSpec, robotContext } from './grounding-world.ts';

const [depot1, depot2, depot3] = cityFacts.depots;
/** The drone stands on Depot 3's yard but belongs to Depot 1, so "home" and "nearest" differ. */
const start: [number, number, number] = [depot3.x, depot3.y, 0];
const home = depot1.name;

function nearestBy<T>(items: readonly T[], at: (item: T) => [number, number]): T {
  let best = items[0];
  let bestDistance = Infinity;
  for (const item of items) {
    const [x, y] = at(item);
    const distance = Math.hypot(x - start[0], y - start[1]);
    if (distance < bestDistance) [best, bestDistance] = [item, distance];
  }
  return best;
}
const nearestPark = nearestBy(groundingSpec.parks, (park) => [(park.minX + park.maxX) / 2, (park.minY + park.maxY) / 2]).name;
const rooftopPads = groundingSpec.pads.filter((pad) => pad.name.startsWith('Rooftop'));
const nearestRoof = nearestBy(rooftopPads, (pad) => [pad.x, pad.y]).name;
const nearestPad = nearestBy(groundingSpec.pads, (pad) => [pad.x, pad.y]).name;
const groundPads = groundingSpec.pads.filter((pad) => pad.name.startsWith('Ground'));
const nearestGroundPad = nearestBy(groundPads, (pad) => [pad.x, pad.y]).name;

const flyTo = (place: string): GroundedVerb => ({ verb: 'fly_to', args: { place } });
const driveTo = (place: string): GroundedVerb => ({ verb: 'drive_to', args: { place } });
const dropAt = (place: string): GroundedVerb => ({ verb: 'drop_off', args: { place } });

type Row = [text: string, kind: 'drone' | 'robot', expected: GroundedVerb[]];

const TABLE: Row[] = [
  // Home: the agent's own depot, not the nearest one.
  ['go back to the depot', 'drone', [flyTo(home)]],
  ['return to the depot', 'drone', [flyTo(home)]],
  ['fly back to base', 'drone', [flyTo(home)]],
  ['return to base', 'drone', [flyTo(home)]],
  ['go home', 'drone', [flyTo(home)]],
  ['fly home', 'drone', [flyTo(home)]],
  ['head back home', 'drone', [flyTo(home)]],
  ['come back to base', 'drone', [flyTo(home)]],
  ['head back to your depot', 'drone', [flyTo(home)]],
  ['go to my depot', 'drone', [flyTo(home)]],
  ['fly to the home depot', 'drone', [flyTo(home)]],
  ['go to the hub', 'drone', [flyTo(home)]],
  ['drive back to the depot', 'robot', [driveTo(home)]],
  ['go home', 'robot', [driveTo(home)]],
  ['deliver it to the depot', 'drone', [dropAt(home)]],
  ['drop it off at base', 'robot', [dropAt(home)]],
  // The nearest of a kind, said generically.
  ['deliver the parcel to the park', 'drone', [dropAt(nearestPark)]],
  ['fly to the park', 'drone', [flyTo(nearestPark)]],
  ['go to a park', 'drone', [flyTo(nearestPark)]],
  ['head over to the park', 'robot', [driveTo(nearestPark)]],
  ['drive to the nearest park', 'robot', [driveTo(nearestPark)]],
  ['fly to the closest garden', 'drone', [flyTo(nearestPark)]],
  ['land on the nearest roof', 'drone', [flyTo(nearestRoof)]],
  ['land on a roof', 'drone', [flyTo(nearestRoof)]],
  ['land on the roof', 'drone', [flyTo(nearestRoof)]],
  ['land on a rooftop', 'drone', [flyTo(nearestRoof)]],
  ['fly to the closest rooftop', 'drone', [flyTo(nearestRoof)]],
  ['go to the nearest rooftop pad', 'drone', [flyTo(nearestRoof)]],
  ['land on any rooftop pad', 'drone', [flyTo(nearestRoof)]],
  ['land on the nearest helipad', 'drone', [flyTo(nearestPad)]],
  ['fly to a landing pad', 'drone', [flyTo(nearestPad)]],
  ['land on the nearest ground pad', 'drone', [flyTo(nearestGroundPad)]],
  ['fly to the nearest depot to me', 'drone', [flyTo(depot3.name)]],
  ['go to the closest warehouse', 'drone', [flyTo(depot3.name)]],
  // Number words and ordinals.
  ['go to depot two', 'drone', [flyTo(depot2.name)]],
  ['fly to Depot Three', 'drone', [flyTo(depot3.name)]],
  ['fly to depot number one', 'drone', [flyTo(depot1.name)]],
  ['go to depot #2', 'drone', [flyTo(depot2.name)]],
  ['drive to depot no 3', 'robot', [driveTo(depot3.name)]],
  ['fly to the second depot', 'drone', [flyTo(depot2.name)]],
  ['go to the 3rd depot', 'drone', [flyTo(depot3.name)]],
  ['fly to the first depot', 'drone', [flyTo(depot1.name)]],
  ['fly to rooftop pad two', 'drone', [flyTo('Rooftop Pad 2')]],
  ['land on ground pad one', 'drone', [flyTo('Ground Pad 1')]],
  ['deliver to depot two', 'drone', [dropAt(depot2.name)]],
  ['take off, then fly to depot two', 'drone', [{ verb: 'takeoff', args: {} }, flyTo(depot2.name)]],
];

describe('grounding everyday phrases for places (seed 7 city, drone homed at Depot 1 standing at Depot 3)', () => {
  it('has a table of at least 40 new phrasings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  for (const [text, kind, expected] of TABLE) {
    it(`grounds "${text}" for a ${kind}`, () => {
      const context = { ...(kind === 'drone' ? droneContext(start) : robotContext(start)), home };
      expect(groundText(text, context)).toEqual(expected);
    });
  }

  it('means the nearest depot by "the depot" when the agent has no home', () => {
    expect(groundText('go back to the depot', droneContext(start))).toEqual([flyTo(depot3.name)]);
  });

  it('refuses a number that names two places and lists both', () => {
    try {
      groundText('fly to pad number three', { ...droneContext(start), home });
      throw new Error('expected an AgentError');
    } catch (error) {
      expect(error).toBeInstanceOf(AgentError);
      expect((error as AgentError).code).toBe('unknown_place');
      expect((error as AgentError).details.closest).toEqual(expect.arrayContaining(['Ground Pad 3', 'Rooftop Pad 3']));
    }
  });
});
