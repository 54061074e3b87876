import { describe, expect, it } from 'vitest';
import { AgentError, groundText, type GroundedVerb } from '../../../agents/index.ts';
import { buildingName, cityFacts, droneContext, groundingSpec, groundingWorld, robotContext } from './grounding-world.ts';

const [depot1, depot2, depot3] = cityFacts.depots;
const tallest = buildingName(cityFacts.tallest);
const [landmarkA, landmarkB] = cityFacts.landmarks.map(buildingName);
const park = cityFacts.parks[0].name;
/** The drone starts on Depot 3's yard, so "the nearest depot" is Depot 3. */
const start: [number, number, number] = [depot3.x, depot3.y, 0];
const airborne: [number, number, number] = [depot3.x, depot3.y, 25];
const round = (value: number): number => Math.round(value * 100) / 100;
const tallestOn = (street: string): string =>
  buildingName([...groundingSpec.buildings].filter((b) => b.address.street === street).sort((a, b) => b.height - a.height || a.id - b.id)[0]);
const landmarkStreet = cityFacts.landmarks[0].address.street;
const crossing = groundingWorld.roads.intersectionName(0);

function flyTo(place: string, altitude?: number): GroundedVerb {
  return { verb: 'fly_to', args: altitude === undefined ? { place } : { place, altitude } };
}

type Row = [text: string, kind: 'drone' | 'robot', position: [number, number, number], expected: GroundedVerb[]];

const TABLE: Row[] = [
  [`fly to ${depot2.name}`, 'drone', start, [flyTo(depot2.name)]],
  [`go to ${depot1.name}`, 'drone', start, [flyTo(depot1.name)]],
  [`head to ${depot2.name.toLowerCase()}`, 'drone', start, [flyTo(depot2.name)]],
  [`navigate to ${depot1.name}.`, 'drone', start, [flyTo(depot1.name)]],
  [`Please could you kindly fly to ${depot2.name}?`, 'drone', start, [flyTo(depot2.name)]],
  [`drone-1, fly over to ${depot1.name} please, thanks`, 'drone', start, [flyTo(depot1.name)]],
  [`fly to ${depot2.address.number} ${depot2.address.street}`, 'drone', start, [flyTo(depot2.name)]],
  [`go to ${depot1.address.street} ${depot1.address.number}`, 'drone', start, [flyTo(depot1.name)]],
  [`fly to ${depot2.name.replace('Depot', 'Depto')}`, 'drone', start, [flyTo(depot2.name)]],
  ['fly to the tallest building', 'drone', start, [flyTo(tallest)]],
  ['go to the roof of the tallest building', 'drone', start, [flyTo(tallest)]],
  [`fly to the tallest building on ${landmarkStreet}`, 'drone', start, [flyTo(tallestOn(landmarkStreet))]],
  [`fly to ${landmarkA} at 120 m`, 'drone', start, [flyTo(landmarkA, 120)]],
  [`travel to ${landmarkB} at an altitude of 300 ft`, 'drone', start, [flyTo(landmarkB, 91.44)]],
  ['go to the nearest depot', 'drone', start, [flyTo(depot3.name)]],
  [`fly to ${park}`, 'drone', start, [flyTo(park)]],
  [`fly to ${crossing}`, 'drone', start, [flyTo(crossing)]],
  ['go home', 'drone', start, [flyTo(depot3.name)]],
  ['take off', 'drone', start, [{ verb: 'takeoff', args: {} }]],
  ['lift off to 20 m', 'drone', start, [{ verb: 'takeoff', args: { altitude: 20 } }]],
  [`take off, then fly to ${depot2.name}`, 'drone', start, [{ verb: 'takeoff', args: {} }, flyTo(depot2.name)]],
  ['land', 'drone', airborne, [{ verb: 'land', args: {} }]],
  [`land on ${landmarkA}`, 'drone', airborne, [flyTo(landmarkA)]],
  ['hover for 5 s', 'drone', airborne, [{ verb: 'hover', args: { s: 5 } }]],
  ['hold position', 'drone', airborne, [{ verb: 'hover', args: {} }]],
  ['stop', 'drone', airborne, [{ verb: 'hover', args: {} }]],
  ['climb to 30 m', 'drone', airborne, [{ verb: 'goto', args: { x: round(depot3.x), y: round(depot3.y), z: 30 } }]],
  ['ascend to 100 ft', 'drone', airborne, [{ verb: 'goto', args: { x: round(depot3.x), y: round(depot3.y), z: 30.48 } }]],
  ['climb by 10 m', 'drone', airborne, [{ verb: 'goto', args: { x: round(depot3.x), y: round(depot3.y), z: 35 } }]],
  ['descend to 5 m', 'drone', airborne, [{ verb: 'goto', args: { x: round(depot3.x), y: round(depot3.y), z: 5 } }]],
  ['wait 10 seconds', 'drone', start, [{ verb: 'wait', args: { s: 10 } }]],
  ['wait for two minutes', 'robot', start, [{ verb: 'wait', args: { s: 120 } }]],
  ['pick up the parcel', 'drone', start, [{ verb: 'pick_up', args: {} }]],
  [`pick up parcel 3 at ${depot2.name}`, 'drone', start, [flyTo(depot2.name), { verb: 'pick_up', args: { parcel: 'parcel-3' } }]],
  ['drop it off', 'drone', start, [{ verb: 'drop_off', args: {} }]],
  [`deliver to ${depot1.name}`, 'drone', start, [{ verb: 'drop_off', args: { place: depot1.name } }]],
  [`drop off the parcel at ${landmarkB}`, 'robot', start, [{ verb: 'drop_off', args: { place: landmarkB } }]],
  ['follow drone-2', 'drone', airborne, [{ verb: 'follow', args: { agent: 'drone-2' } }]],
  ['follow drone 2 at 8 m', 'drone', airborne, [{ verb: 'follow', args: { agent: 'drone-2', distance: 8 } }]],
  ['tell robot-1 that the parcel is at the depot, and it is heavy', 'drone', start, [{ verb: 'say', args: { to: 'robot-1', text: 'the parcel is at the depot, and it is heavy' } }]],
  ['say on my way to everyone', 'robot', start, [{ verb: 'say', args: { text: 'on my way' } }]],
  [`fly 20 m north of ${depot1.name}`, 'drone', airborne, [{ verb: 'goto', args: { x: round(depot1.x), y: round(depot1.y + 20), z: 25 } }]],
  [`go 0.1 km west of ${depot1.name}`, 'robot', start, [{ verb: 'goto', args: { x: round(depot1.x - 100), y: round(depot1.y) } }]],
  ['fly north 50 m', 'drone', airborne, [{ verb: 'goto', args: { x: round(depot3.x), y: round(depot3.y + 50), z: 25 } }]],
  [`hover 10 m above ${landmarkA}`, 'drone', airborne, [{
    verb: 'goto',
    args: (() => {
      const b = cityFacts.landmarks[0];
      return { x: round((b.minX + b.maxX) / 2), y: round((b.minY + b.maxY) / 2), z: round(b.height + 10) };
    })(),
  }]],
  [`fly to ${depot2.name} and land`, 'drone', start, [flyTo(depot2.name), { verb: 'land', args: {} }]],
  [`fly to ${landmarkA}, pick up the parcel, then fly to ${depot2.name} and drop it off`, 'drone', start, [
    flyTo(landmarkA), { verb: 'pick_up', args: {} }, flyTo(depot2.name), { verb: 'drop_off', args: {} },
  ]],
  [`fly to ${depot2.name}`, 'robot', start, [{ verb: 'drive_to', args: { place: depot2.name } }]],
  [`drive to ${landmarkB}`, 'robot', start, [{ verb: 'drive_to', args: { place: landmarkB } }]],
  ['stop', 'robot', start, [{ verb: 'velocity', args: { v: 0, w: 0 } }]],
  ['goto {"x": 100, "y": 200, "z": 30}', 'drone', start, [{ verb: 'goto', args: { x: 100, y: 200, z: 30 } }]],
];

describe('grounding free text by rules over a generated city (seed 7)', () => {
  it('has a table of at least 40 phrasings', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  for (const [text, kind, position, expected] of TABLE) {
    it(`grounds "${text}" for a ${kind}`, () => {
      const context = kind === 'drone' ? droneContext(position) : robotContext(position);
      expect(groundText(text, context)).toEqual(expected);
    });
  }
});

function agentErrorOf(call: () => unknown): AgentError {
  try {
    call();
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an AgentError, but the call returned');
}

describe('grounding errors', () => {
  it('lists the closest place names for an unknown place', () => {
    const error = agentErrorOf(() => groundText(`fly to ${landmarkA}x Plaza Garden Zone`, droneContext(start)));
    expect(error.code).toBe('unknown_place');
    expect(error.details.closest!.length).toBeGreaterThan(0);
    const nearName = agentErrorOf(() => groundText('fly to Depot 9', droneContext(start)));
    expect(nearName.code).toBe('unknown_place');
    expect(nearName.details.closest).toContain(depot1.name);
    expect(nearName.message).toContain('closest names');
  });

  it('lists accepted phrases and the closest ones for a clause with no verb', () => {
    const error = agentErrorOf(() => groundText(`teleport to ${depot1.name}`, droneContext(start)));
    expect(error.code).toBe('unknown_verb');
    expect(error.details.known).toContain('fly_to');
    expect(error.details.closest).toContain('fly to');
    expect(error.message).toContain('"teleport to');
  });

  it('refuses drone-only phrases for a robot and names the verbs it accepts', () => {
    const error = agentErrorOf(() => groundText('take off', robotContext(start)));
    expect(error.code).toBe('not_applicable');
    expect(error.details.known).toEqual(['wheels', 'velocity', 'goto', 'drive_to', 'pick_up', 'drop_off', 'wait', 'say']);
  });

  it('names unknown agents with the closest ids', () => {
    const error = agentErrorOf(() => groundText('follow drone-7', droneContext(airborne)));
    expect(error.code).toBe('unknown_agent');
    expect(error.details.known).toEqual(['drone-1', 'drone-2', 'robot-1', 'robot-2']);
  });

  it('checks grounded numbers against the vocabulary and the world', () => {
    const tooHigh = agentErrorOf(() => groundText('take off to 5 km', droneContext(start)));
    expect([tooHigh.code, tooHigh.details.field]).toEqual(['invalid_args', 'altitude']);
    const outside = agentErrorOf(() => groundText(`fly 2 km east of ${depot2.name}`, droneContext(airborne)));
    expect([outside.code, outside.details.field]).toEqual(['invalid_args', 'x']);
    const noDuration = agentErrorOf(() => groundText('wait', droneContext(start)));
    expect([noDuration.code, noDuration.details.field]).toEqual(['invalid_args', 's']);
    expect(agentErrorOf(() => groundText('   ', droneContext(start))).details.field).toBe('text');
  });
});
