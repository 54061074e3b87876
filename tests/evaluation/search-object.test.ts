import { describe, expect, it } from 'vitest';
import { createFleetSession } from '../../agents/index.ts';
import { EpisodeRandom, SEARCH_TASK } from '../../evaluation/index.ts';
import { CameraSensor, sceneMarkersOf, setSceneMarkers } from '../../worlds/index.ts';

async function searchEpisode(seed: number) {
  const session = createFleetSession({ delivery: { orderRatePerHour: 0, initialOrders: 0 } });
  await session.reset({ seed, world: { seed, size: 600 }, fleet: { drones: 1, robots: 0 } });
  const setup = SEARCH_TASK.setUp(session.fleetEnv, new EpisodeRandom(seed, 1));
  return { session, setup };
}

/** A camera 12 m south of the object and 8 m above its top, looking at it. */
function viewOfObject(camera: CameraSensor, goal: readonly number[]): Uint8Array {
  const [x, y, z] = goal;
  const pitch = -Math.atan2(8, 12);
  return new Uint8Array(camera.render({ position: { x, y: y - 12, z: z + 8 }, yaw: Math.PI / 2, pitch }).data);
}

function pixelsOfColour(image: Uint8Array, rgb: readonly number[], tolerance = 40): number {
  let count = 0;
  for (let i = 0; i < image.length; i += 3) {
    const light = Math.max(image[i], image[i + 1], image[i + 2]) / Math.max(...rgb, 1);
    if (Math.abs(image[i] - rgb[0] * light) + Math.abs(image[i + 1] - rgb[1] * light) + Math.abs(image[i + 2] - rgb[2] * light) < tolerance) count++;
  }
  return count;
}

describe('the search object', () => {
  it('is drawn by the RGB camera and absent from the JSON and text observations', async () => {
    for (const seed of [101, 102, 104]) {
      const { session, setup } = await searchEpisode(seed);
      const env = session.fleetEnv;
      const camera = new CameraSensor(env.world, { width: 96, height: 96, fovDeg: 60 });
      const before = session.observe('drone-1', ['json', 'text']);
      const imageWithout = viewOfObject(camera, setup.goal);
      setSceneMarkers(env.world, setup.markers);
      const after = session.observe('drone-1', ['json', 'text']);
      const imageWith = viewOfObject(camera, setup.goal);
      // Text and JSON are the same with and without the object, and name neither its kind nor its colour.
      expect(JSON.stringify(after.json)).toBe(JSON.stringify(before.json));
      expect(after.text).toBe(before.text);
      const words = setup.markers[0].label.split(' ');
      for (const word of words) expect(`${after.text} ${JSON.stringify(after.json)}`.toLowerCase()).not.toContain(` ${word} `);
      // The camera shows it: a patch of the object's colour that was not there before.
      const shown = pixelsOfColour(imageWith, setup.markers[0].rgb) - pixelsOfColour(imageWithout, setup.markers[0].rgb);
      expect(shown).toBeGreaterThan(20);
    }
  });

  it('belongs to its episode: another world index of the same city draws nothing extra', async () => {
    const first = await searchEpisode(101);
    const second = await searchEpisode(101);
    setSceneMarkers(first.session.fleetEnv.world, first.setup.markers);
    expect(sceneMarkersOf(first.session.fleetEnv.world)).toHaveLength(1);
    expect(sceneMarkersOf(second.session.fleetEnv.world)).toHaveLength(0);
    const options = { width: 64, height: 64, fovDeg: 60 };
    const a = viewOfObject(new CameraSensor(first.session.fleetEnv.world, options), first.setup.goal);
    const b = viewOfObject(new CameraSensor(second.session.fleetEnv.world, options), first.setup.goal);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
