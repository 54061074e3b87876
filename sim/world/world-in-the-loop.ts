import { QUADROTOR_STATE as S, VEHICLE_STATUS, type QuadrotorArrays, type SeededRng } from '../../physics/index.ts';
import { WorldIndex, type WorldSpec } from '../../worlds/index.ts';

/** Collision radius of a Crazyflie-class drone (gym-pybullet-drones' cf2x collision cylinder). */
export const DRONE_COLLISION_RADIUS = 0.06; // m
/** Wind is re-sampled every this many steps: gusts change over seconds, not milliseconds. */
const WIND_UPDATE_STEPS = 10;

/**
 * A city in the loop of a batch: after each physics step, drones that touch a building crash
 * and drones that leave the world are out of bounds; every few steps the world's wind becomes
 * a drag force on each drone. One instance per thread, built from the same WorldSpec.
 */
export class WorldInTheLoop {
  readonly index: WorldIndex;
  private readonly hits: Int32Array;
  private readonly px: Float32Array;
  private readonly py: Float32Array;
  private readonly pz: Float32Array;
  private readonly wind = { x: 0, y: 0, z: 0 };

  constructor(spec: WorldSpec, private readonly quad: QuadrotorArrays) {
    this.index = new WorldIndex(spec);
    const n = quad.stride;
    this.hits = new Int32Array(n);
    this.px = quad.state.subarray(S.px * n, (S.px + 1) * n);
    this.py = quad.state.subarray(S.py * n, (S.py + 1) * n);
    this.pz = quad.state.subarray(S.pz * n, (S.pz + 1) * n);
  }

  /** Marks crashes and departures of drones [start, end) after a physics step. */
  afterPhysics(start: number, end: number): void {
    const { status } = this.quad;
    const { bounds } = this.index.spec;
    this.index.collideSpheresBatch(this.px, this.py, this.pz, DRONE_COLLISION_RADIUS, start, end, this.hits);
    for (let i = start; i < end; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      if (this.hits[i] >= 0) status[i] = VEHICLE_STATUS.crashedBuilding;
      else if (this.px[i] < bounds.minX || this.px[i] > bounds.maxX || this.py[i] < bounds.minY || this.py[i] > bounds.maxY || this.pz[i] > bounds.ceiling) {
        status[i] = VEHICLE_STATUS.outOfBounds;
      }
    }
  }

  /** Sets each drone's external force to the drag of the local wind (before a physics step). */
  applyWind(start: number, end: number, step: number, dt: number, dragXY: Float32Array, dragZ: Float32Array): void {
    if (step % WIND_UPDATE_STEPS !== 0) return;
    const n = this.quad.stride, force = this.quad.externalForce, t = step * dt;
    for (let i = start; i < end; i++) {
      this.index.windAt(this.px[i], this.py[i], this.pz[i], t, this.wind);
      force[i] = dragXY[i] * this.wind.x;
      force[n + i] = dragXY[i] * this.wind.y;
      force[2 * n + i] = dragZ[i] * this.wind.z;
    }
  }

  /**
   * A seeded spot whose box [x ± halfWidth, y ± halfWidth, z − below, z + above] is clear of
   * buildings and no-fly zones, with z in [minZ, maxZ]; falls back to above the tallest building.
   */
  clearSpot(rng: SeededRng, halfWidth: number, below: number, above: number, minZ: number, maxZ: number): [number, number, number] {
    const { bounds } = this.index.spec;
    const margin = halfWidth + 2;
    for (let attempt = 0; attempt < 200; attempt++) {
      const x = rng.uniform(bounds.minX + margin, bounds.maxX - margin);
      const y = rng.uniform(bounds.minY + margin, bounds.maxY - margin);
      const z = rng.uniform(minZ, maxZ);
      if (this.index.collideBox(x - halfWidth, y - halfWidth, z - below, x + halfWidth, y + halfWidth, z + above) >= 0) continue;
      if (this.index.noFlyZoneAt(x, y, z) >= 0) continue;
      return [x, y, z];
    }
    const x = rng.uniform(bounds.minX + margin, bounds.maxX - margin), y = rng.uniform(bounds.minY + margin, bounds.maxY - margin);
    return [x, y, this.index.grid.maxHeight + below + 5];
  }
}
