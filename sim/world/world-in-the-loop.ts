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
 * The rollout kernel's own tests, in f32 (sim/batch/lane-step-program.ts): it pauses a drone for
 * the exact check here once it has moved 0.49 m from where it was found clear, or comes within
 * 1 cm of the world's bounds. f32 rounding of positions up to 10 km is below 1 mm, so neither test
 * can miss a drone the exact checks would stop.
 */
export const LANE_CLEARANCE_TRAVEL_SQUARED = 0.49 ** 2;
export const LANE_BOUNDS_SLACK = 0.01; // m
/** Rows of the collision cache: the point each drone was found clear at (x, y, z) and 1 where that holds. */
export const CLEARANCE_ROWS = 4;
export { WIND_UPDATE_STEPS };

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
  /** The wind at each drone, m/s, as last sampled (scratch of applyWind). */
  private readonly windX: Float64Array;
  private readonly windY: Float64Array;
  private readonly windZ: Float64Array;
  /**
   * The collision cache, component-major (CLEARANCE_ROWS × stride): where each drone was last
   * found clear by radius + margin, and 1 where that holds. The batch arena holds it, so that the
   * rollout kernel reads it too.
   */
  readonly clearance: Float32Array;
  private readonly stride: number;

  constructor(spec: WorldSpec, private readonly quad: QuadrotorArrays, clearance?: Float32Array) {
    this.index = new WorldIndex(spec);
    const n = quad.stride;
    this.stride = n;
    this.windX = new Float64Array(n);
    this.windY = new Float64Array(n);
    this.windZ = new Float64Array(n);
    this.clearance = clearance ?? new Float32Array(CLEARANCE_ROWS * n);
    this.px = quad.state.subarray(S.px * n, (S.px + 1) * n);
    this.py = quad.state.subarray(S.py * n, (S.py + 1) * n);
    this.pz = quad.state.subarray(S.pz * n, (S.pz + 1) * n);
  }

  /** Marks crashes and departures of drones [start, end) after a physics step. */
  afterPhysics(start: number, end: number): void {
    const { status } = this.quad;
    const { px, py, pz, clearance } = this;
    const n = this.stride;
    for (let i = start; i < end; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      // The cache's fast path inline: still within the margin of where the drone was found clear, and inside the bounds.
      const dx = px[i] - clearance[i], dy = py[i] - clearance[n + i], dz = pz[i] - clearance[2 * n + i];
      if (clearance[3 * n + i] !== 0 && dx * dx + dy * dy + dz * dz < CLEARANCE_TRAVEL_SQUARED && this.insideBounds(i)) continue;
      this.checkDrone(i);
    }
  }

  /** The check of afterPhysics for drone i (status ok): a building hit crashes it, leaving the world puts it out of bounds. */
  checkDrone(i: number): void {
    const x = this.px[i], y = this.py[i], z = this.pz[i];
    if (!this.isKnownClear(i, x, y, z) && this.index.collideSphere(x, y, z, DRONE_COLLISION_RADIUS) >= 0) {
      this.quad.status[i] = VEHICLE_STATUS.crashedBuilding;
      this.clearance[3 * this.stride + i] = 0;
    } else if (!this.insideBounds(i)) {
      this.quad.status[i] = VEHICLE_STATUS.outOfBounds;
    }
  }

  private insideBounds(i: number): boolean {
    const { bounds } = this.index.spec;
    const x = this.px[i], y = this.py[i];
    return !(x < bounds.minX || x > bounds.maxX || y < bounds.minY || y > bounds.maxY || this.pz[i] > bounds.ceiling);
  }

  /**
   * Whether drone i's sphere surely touches no building: it is within the margin of where it was
   * last found clear by radius + margin (no box nearer than radius + margin there, so none nearer
   * than radius here), or it is found clear by radius + margin now (which is remembered). The
   * cache only skips checks that would find nothing, so results do not depend on it.
   */
  private isKnownClear(i: number, x: number, y: number, z: number): boolean {
    const clearance = this.clearance, n = this.stride;
    if (clearance[3 * n + i] !== 0) {
      const dx = x - clearance[i], dy = y - clearance[n + i], dz = z - clearance[2 * n + i];
      if (dx * dx + dy * dy + dz * dz < CLEARANCE_TRAVEL_SQUARED) return true;
    }
    if (this.index.collideSphere(x, y, z, DRONE_COLLISION_RADIUS + CLEARANCE_MARGIN) >= 0) {
      clearance[3 * n + i] = 0;
      return false;
    }
    // x, y, z are the drone's f32 position, so the f32 rows hold the very point that was checked.
    clearance[i] = x;
    clearance[n + i] = y;
    clearance[2 * n + i] = z;
    clearance[3 * n + i] = 1;
    return true;
  }

  /** Sets each drone's external force to the drag of the local wind (before a physics step). */
  applyWind(start: number, end: number, step: number, dt: number, dragXY: Float32Array, dragZ: Float32Array): void {
    if (step % WIND_UPDATE_STEPS !== 0) return;
    const n = this.quad.stride, force = this.quad.externalForce, t = step * dt;
    const { windX, windY, windZ } = this;
    this.index.windRows(this.px, this.py, this.pz, t, start, end, windX, windY, windZ);
    for (let i = start; i < end; i++) {
      force[i] = dragXY[i] * windX[i];
      force[n + i] = dragXY[i] * windY[i];
      force[2 * n + i] = dragZ[i] * windZ[i];
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
