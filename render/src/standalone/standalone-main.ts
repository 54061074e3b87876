/**
 * The standalone page: a swarm simulated in this tab on WebGPU with no server, drawn with
 * three.js instancing. URL: ?drones=N (default 10,000), &k=steps per dispatch (default 10),
 * &paused (the page steps only when window.skylineStandalone.advance is called: tests).
 */
import { AmbientLight, Color, DirectionalLight, HemisphereLight, Scene, WebGLRenderer } from 'three';
import { QUADROTOR_STATE as S } from '../../../physics/index.ts';
import { CameraRig } from '../scene/camera-rig.ts';
import { WorldFrame } from '../scene/world-frame.ts';
import { DroneSwarmLayer } from './drone-swarm-layer.ts';
import { SWARM_SPACING } from './standalone-swarm.ts';
import { StandaloneSimulation } from './standalone-simulation.ts';

export interface StandaloneDebugHandle {
  ready: boolean;
  error: string | null;
  drones: number;
  adapterName: string;
  stepsTaken: number;
  framesRendered: number;
  /** Steps the GPU `steps` more times (K per dispatch) and resolves once the frame shows them. */
  advance(steps: number, stepsPerDispatch?: number): Promise<number>;
  /** Positions of every drone (x, y, z per drone) as last read back. */
  positions(): number[];
  crashed(): number;
}

declare global {
  interface Window {
    skylineStandalone: StandaloneDebugHandle;
  }
}

const query = new URLSearchParams(location.search);
const drones = Number(query.get('drones') ?? 10_000);
const stepsPerDispatch = Number(query.get('k') ?? 10);
const paused = query.has('paused');
const status = document.getElementById('status')!;

const debug: StandaloneDebugHandle = {
  ready: false, error: null, drones, adapterName: '', stepsTaken: 0, framesRendered: 0,
  advance: () => Promise.reject(new Error('the simulation has not started yet')),
  positions: () => [],
  crashed: () => 0,
};
window.skylineStandalone = debug;

async function start(): Promise<void> {
  const simulation = await StandaloneSimulation.start(drones);
  const container = document.getElementById('standalone')!;
  const renderer = new WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(devicePixelRatio, 2));
  renderer.setSize(container.clientWidth, container.clientHeight);
  container.appendChild(renderer.domElement);
  const scene = new Scene();
  scene.background = new Color('#dfe7ee');
  scene.add(new HemisphereLight('#ffffff', '#8a8f80', 1.6), new AmbientLight('#ffffff', 0.35));
  const sun = new DirectionalLight('#fff6e8', 2.2);
  sun.position.set(200, 400, 100);
  scene.add(sun);
  const frame = new WorldFrame();
  scene.add(frame.root);
  const rig = new CameraRig(frame, renderer.domElement);
  const half = (Math.ceil(Math.sqrt(drones)) * SWARM_SPACING) / 2 + 6;
  rig.frameBox([-half, -half, 0], [half, half, 10]);
  // Drawn larger than life: a 13 cm drone among thousands would be a pixel.
  const layer = new DroneSwarmLayer(drones, Math.max(4, SWARM_SPACING * 3));
  frame.root.add(layer.mesh);
  const n = simulation.swarm.arrays.stride;
  layer.update(simulation.state, n);

  const draw = (): void => {
    layer.update(simulation.state, n);
    rig.update(null);
    renderer.render(scene, rig.camera);
    debug.framesRendered++;
    debug.stepsTaken = simulation.stepsTaken;
    status.textContent = `${drones.toLocaleString('en')} drones on ${simulation.gpu.adapterName} · step ${simulation.stepsTaken} · ${stepsPerDispatch} steps per dispatch`;
  };
  let busy = false;
  debug.advance = async (steps, k = stepsPerDispatch) => {
    while (busy) await new Promise((resolve) => setTimeout(resolve, 5));
    busy = true;
    try {
      await simulation.advance(steps, k);
      draw();
      return simulation.stepsTaken;
    } finally {
      busy = false;
    }
  };
  debug.positions = () => {
    const out: number[] = [];
    for (let i = 0; i < drones; i++) out.push(simulation.state[S.px * n + i], simulation.state[S.py * n + i], simulation.state[S.pz * n + i]);
    return out;
  };
  debug.crashed = () => simulation.status.subarray(0, drones).filter((code) => code !== 0).length;
  debug.adapterName = simulation.gpu.adapterName;
  addEventListener('resize', () => renderer.setSize(container.clientWidth, container.clientHeight));
  draw();
  debug.ready = true;
  const loop = async (): Promise<void> => {
    if (!paused && !busy) await debug.advance(stepsPerDispatch);
    else draw();
    requestAnimationFrame(() => void loop());
  };
  requestAnimationFrame(() => void loop());
}

start().catch((error: unknown) => {
  debug.error = error instanceof Error ? error.message : String(error);
  status.textContent = `The standalone simulation could not start: ${debug.error}`;
  console.error(debug.error);
});
