/**
 * Camera pictures of goal episodes: the drone's search camera (what the LLM agent is shown on
 * search) and, for the report, the object up close, so a person sees what was to be found and
 * what the agent saw at the end. RGB PNGs (deflate) as base64.
 */
import type { FleetEnv } from '../../sim/index.ts';
import { CameraSensor, encodePng, sceneMarkersOf, type SceneMarker } from '../../worlds/index.ts';

/** The search camera: 90° wide on a gimbal tilted 55° down, so it sees ahead and straight below. */
export const SEARCH_CAMERA = { fovDeg: 90, pitchDeg: -55 } as const;
export const PICTURE_SIZE = 64;

export interface EpisodePictures {
  /** The object, as a person would see it up close. */
  objectPng: string;
  /** The drone's search camera when the episode ended. */
  lastViewPng: string;
}

/** The drone's search-camera image, size × size, as PNG base64. */
export async function searchCameraPng(env: FleetEnv, drone: string, size: number): Promise<string> {
  const camera = new CameraSensor(env.world, { width: size, height: size, fovDeg: SEARCH_CAMERA.fovDeg });
  const state = env.vehicle(drone);
  const image = camera.render({
    position: { x: state.position[0], y: state.position[1], z: Math.max(state.position[2], 0.1) + 0.05 }, yaw: state.yaw, pitch: (SEARCH_CAMERA.pitchDeg * Math.PI) / 180,
  });
  return base64(await encodePng(size, size, image.data, 3));
}

export async function episodePictures(env: FleetEnv, drone: string): Promise<EpisodePictures | null> {
  const marker = sceneMarkersOf(env.world)[0];
  if (!marker) return null;
  return { objectPng: await objectPng(env, marker), lastViewPng: await searchCameraPng(env, drone, PICTURE_SIZE) };
}

/** The object from 12 m away and 8 m above its top, from whichever of four sides shows most of it. */
async function objectPng(env: FleetEnv, marker: SceneMarker): Promise<string> {
  const camera = new CameraSensor(env.world, { width: PICTURE_SIZE, height: PICTURE_SIZE, fovDeg: 60 });
  const top = marker.z + marker.height;
  let best: { data: Uint8Array; shown: number } | null = null;
  for (let side = 0; side < 4; side++) {
    const yaw = (side * Math.PI) / 2; // looking east, north, west, south
    const position = { x: marker.x - 12 * Math.cos(yaw), y: marker.y - 12 * Math.sin(yaw), z: top + 8 };
    const data = new Uint8Array(camera.render({ position, yaw, pitch: -Math.atan2(8, 12) }).data);
    let shown = 0;
    for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i] - marker.rgb[0]) + Math.abs(data[i + 1] - marker.rgb[1]) + Math.abs(data[i + 2] - marker.rgb[2]) < 90) shown++;
    if (!best || shown > best.shown) best = { data, shown };
  }
  return base64(await encodePng(PICTURE_SIZE, PICTURE_SIZE, best!.data, 3));
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
