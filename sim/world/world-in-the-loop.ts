import { QUADROTOR_STATE as S, VEHICLE_STATUS, type QuadrotorArrays, type SeededRng } from '../../physics/index.ts';
import { WorldIndex, type WorldSpec } from '../../worlds/index.ts';

/** Collision radius of a Crazyflie-class drone (gym-pybullet-drones' cf2x collision cylinder). */
export const DRONE_COLLISION_RADIUS = 0.06; // m
/** Wind is re-sampled every this many steps: gusts change over seconds, not milliseconds. */
const WIND_UPDATE_STEPS = 10;
/**
 * Clearance margin of the collision cache, m: a drone found farther than radius + margin from
 * every building needs no new check until it has moved `margin` (less a micrometre for rounding).
 */
const CLEARANCE_MARGIN = 0.5;
const CLEARANCE_TRAVEL_SQUARED = (CLEARANCE_MARGIN - 1e-6) ** 2;

/**
 * A city in the loop of a batch: after each physics step, drones that touch a building crash
 * and drones that leave the world are out of bounds; every few steps the world's wind becomes
 * a drag force on each drone. One instance per thread, built from the same WorldSpec.
 */
export class WorldInTheLoop {
  readonly index: WorldIndex;
  private readonly px: Float32Array;
  private readonly py: Float32Array;
  private readonly pz: Float32Array;
  private readonly wind = { x: 0, y: 0, z: 0 };
  /** Where each drone was last found clear by the margin (x, y, z per drone), and whether that holds. */
  private readonly clearAt: Float64Array;
  private readonly clearValid: Uint8Array;

  constructor(spec: WorldSpec, private readonly quad: QuadrotorArrays) {
    this.index = new WorldIndex(spec);
    const n = quad.stride;
    this.clearAt = new Float64Array(3 * n);
    this.clearValid = new Uint8Array(n);
    this.px = quad.state.subarray(S.px * n, (S.px + 1) * n);
    this.py = quad.state.subarray(S.py * n, (S.py + 1) * n);
    this.pz = quad.state.subarray(S.pz * n, (S.pz + 1) * n);
  }

  /** Marks crashes and departures of drones [start, end) after a physics step. */
  afterPhysics(start: number, end: number): void {
    const { status } = this.quad;
    const { bounds } = this.index.spec;
    const { px, py, pz, clearAt, clearValid, index } = this;
    const minX = bounds.minX, maxX = bounds.maxX, minY = bounds.minY, maxY = bounds.maxY, ceiling = bounds.ceiling;
    for (let i = start; i < end; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      const x = px[i], y = py[i], z = pz[i];
      // The cache's fast path inline: still within the margin of where the drone was found clear.
      const o = 3 * i, dx = x - clearAt[o], dy = y - clearAt[o + 1], dz = z - clearAt[o + 2];
      const clear = (clearValid[i] !== 0 && dx * dx + dy * dy + dz * dz < CLEARANCE_TRAVEL_SQUARED) || this.isKnownClear(i, x, y, z);
      if (!clear && index.collideSphere(x, y, z, DRONE_COLLISION_RADIUS) >= 0) {
        status[i] = VEHICLE_STATUS.crashedBuilding;
        clearValid[i] = 0;
      } else if (x < minX || x > maxX || y < minY || y > maxY || z > ceiling) {
        status[i] = VEHICLE_STATUS.outOfBounds;
      }
    }
  }

  /**
   * Whether drone i's sphere surely touches no building: it is within the margin of where it was
   * last found clear by radius + margin (no box nearer than radius + margin there, so none nearer
   * than radius here), or it is found clear by radius + margin now (which is remembered). The
   * cache only skips checks that would find nothing, so results do not depend on it.
   */
  private isKnownClear(i: number, x: number, y: number, z: number): boolean {
    const clearAt = this.clearAt, o = 3 * i;
    if (this.clearValid[i]) {
      const dx = x - clearAt[o], dy = y - clearAt[o + 1], dz = z - clearAt[o + 2];
      if (dx * dx + dy * dy + dz * dz < CLEARANCE_TRAVEL_SQUARED) return true;
    }
    if (this.index.collideSphere(x, y, z, DRONE_COLLISION_RADIUS + CLEARANCE_MARGIN) >= 0) {
      this.clearValid[i] = 0;
      return false;
    }
    clearAt[o] = x;
    clearAt[o + 1] = y;
    clearAt[o + 2] = z;
    this.clearValid[i] = 1;
    return true;
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
