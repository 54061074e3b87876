/**
 * The image observation (VLMs): RGB and depth from the vehicle's forward camera (worlds'
 * CameraSensor and DepthCamera), tilted 20° down, as PNG base64. Depth is grey: 0 = near,
 * 255 = the camera's range (DEPTH_RANGE) or farther.
 */
import { CameraSensor, DepthCamera, encodePngSync } from '../../worlds/index.ts';
import type { FleetEnv } from '../../sim/index.ts';
import { bytesToBase64 } from './base64-bytes.ts';

export const IMAGE_SIZE = 64;
export const CAMERA_FOV_DEG = 90;
export const DEPTH_RANGE = 200; // m
const CAMERA_PITCH = (-20 * Math.PI) / 180;
/** Robots' cameras sit this high, m. */
const ROBOT_CAMERA_HEIGHT = 0.8;

interface Cameras { rgb: CameraSensor; depth: DepthCamera }
const CAMERAS = new WeakMap<FleetEnv, Map<number, Cameras>>();

function camerasFor(env: FleetEnv, size: number): Cameras {
  let bySize = CAMERAS.get(env);
  if (!bySize) CAMERAS.set(env, (bySize = new Map()));
  let cameras = bySize.get(size);
  if (!cameras) {
    cameras = {
      rgb: new CameraSensor(env.world, { width: size, height: size, fovDeg: CAMERA_FOV_DEG }),
      depth: new DepthCamera(env.world, { width: size, height: size, fovDeg: CAMERA_FOV_DEG, maxDistance: DEPTH_RANGE }),
    };
    bySize.set(size, cameras);
  }
  return cameras;
}

export interface ImageObservation {
  width: number;
  height: number;
  rgbPngBase64: string;
  depthPngBase64: string;
}

export function buildImageObservation(env: FleetEnv, agent: string, size = IMAGE_SIZE): ImageObservation {
  const state = env.vehicle(agent);
  const cameras = camerasFor(env, size);
  const [x, y, z] = state.position;
  const pose = { position: { x, y, z: state.kind === 'robot' ? ROBOT_CAMERA_HEIGHT : Math.max(z, 0.1) + 0.05 }, yaw: state.yaw, pitch: CAMERA_PITCH };
  const rgb = cameras.rgb.render(pose);
  const depth = cameras.depth.render(pose);
  const grey = new Uint8Array(depth.data.length);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.min(255, Math.round((depth.data[i] / DEPTH_RANGE) * 255));
  return {
    width: size, height: size,
    rgbPngBase64: bytesToBase64(encodePngSync(size, size, rgb.data, 3)),
    depthPngBase64: bytesToBase64(encodePngSync(size, size, grey, 1)),
  };
}
