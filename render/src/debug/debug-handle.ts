/**
 * `window.skylineDebug`: what the viewer drew, for tests, benchmarks and people at the console.
 * Counts come from the drawn instanced meshes and the renderer, not from the data fed in.
 */
import type { FleetFrame } from '../../../sim/index.ts';
import type { WorldSpec } from '../../../worlds/index.ts';
import type { ViewerApp } from '../viewer-app.ts';

export interface SkylineDebug {
  readonly mode: string;
  readonly drawn: { drones: number; robots: number; parcels: number; crashes: number; buildings: number; trailSegments: number };
  readonly drawCalls: number;
  readonly triangles: number;
  readonly step: number | null;
  readonly t: number | null;
  readonly selectedAgent: string | null;
  readonly following: string | null;
  readonly framesRendered: number;
  readonly framesReceived: number;
  readonly framesDropped: number;
  /** Live mode: the connection's last status, and how many times it connected (reconnects count). */
  readonly live: { state: string; text: string; connections: number; droppedByServer: number } | null;
  readonly errors: readonly string[];
  /** ENU positions read back from the drawn instances. */
  vehiclePositions(): Record<string, [number, number, number]>;
  screenPositionOf(id: string): { x: number; y: number } | null;
  /** The episode's own objects drawn (a search target): label and the ENU centre of its top. */
  episodeObjects(): { label: string; top: [number, number, number] }[];
  select(id: string | null): void;
  seekStep(step: number): void;
  loadWorld(world: WorldSpec): void;
  showFrame(frame: FleetFrame): void;
  /** Draws now and reads the canvas back: every `stride`-th pixel of every `stride`-th row, RGBA, bottom row first. */
  readCanvasPixels(stride?: number): { width: number; height: number; stride: number; rgba: number[] };
  /** Draws `frames` frames back to back and returns the mean milliseconds per frame (GPU included). */
  measureFrameTime(frames: number, animate?: boolean): number;
}

declare global {
  interface Window {
    skylineDebug: SkylineDebug;
  }
}

export function installDebugHandle(app: ViewerApp): SkylineDebug {
  const handle: SkylineDebug = {
    get mode() { return app.mode; },
    get drawn() {
      const counts = app.fleet.counts;
      return { ...counts, buildings: app.city?.buildings.count ?? 0, trailSegments: app.trails.segmentCount };
    },
    get drawCalls() { return app.lastDraw.calls; },
    get triangles() { return app.lastDraw.triangles; },
    get step() { return app.fleet.frame?.step ?? null; },
    get t() { return app.fleet.frame?.t ?? null; },
    get selectedAgent() { return app.selected; },
    get following() { return app.rig.following; },
    get framesRendered() { return app.framesRendered; },
    get framesReceived() { return app.live?.framesReceived ?? 0; },
    get framesDropped() { return app.live?.framesDropped ?? 0; },
    get live() {
      const live = app.live;
      return live ? { ...live.status, connections: live.connections, droppedByServer: live.framesDroppedByServer } : null;
    },
    get errors() { return app.errors; },
    vehiclePositions() {
      const positions: Record<string, [number, number, number]> = {};
      for (const id of app.fleet.drawnIds()) positions[id] = app.fleet.drawnPosition(id)!;
      return positions;
    },
    screenPositionOf: (id) => app.screenPositionOf(id),
    episodeObjects: () => app.episodeObjects.objects.map((object) => ({ label: object.label, top: [object.x, object.y, object.z + object.height] })),
    select: (id) => app.select(id),
    seekStep: (step) => app.seekStep(step),
    loadWorld: (world) => app.loadWorld(world),
    showFrame: (frame) => app.showFrame(frame),
    readCanvasPixels(stride = 4) {
      const gl = app.renderer.getContext();
      app.renderNow();
      const width = gl.drawingBufferWidth, height = gl.drawingBufferHeight;
      const all = new Uint8Array(4 * width * height);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, all); // same task as the draw: the buffer is still there
      const rgba: number[] = [];
      for (let y = 0; y < height; y += stride) for (let x = 0; x < width; x += stride) rgba.push(...all.subarray(4 * (y * width + x), 4 * (y * width + x) + 4));
      return { width, height, stride, rgba };
    },
    measureFrameTime(frames, animate = true) {
      const gl = app.renderer.getContext();
      const pixel = new Uint8Array(4);
      const base = app.fleet.frame;
      const start = performance.now();
      for (let i = 0; i < frames; i++) {
        if (animate && base) {
          // Move every vehicle a little so each frame uploads fresh instance data, as live mode does.
          const offset = 0.05 * (i + 1);
          app.showFrame({ ...base, vehicles: base.vehicles.map((vehicle) => ({ ...vehicle, position: [vehicle.position[0] + offset, vehicle.position[1], vehicle.position[2]] })) });
        }
        app.renderNow();
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel); // waits for the GPU to finish the frame
      }
      return (performance.now() - start) / frames;
    },
  };
  window.skylineDebug = handle;
  return handle;
}
