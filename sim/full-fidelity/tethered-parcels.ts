/**
 * Parcels as dynamic bodies that drones carry on a tether: attached when a drone hovers within reach,
 * released (dropped, or set down when they already rest on something) and handed from drone to drone.
 */
import type { BodyHandle, JointHandle, Vec3 } from '../../physics/index.ts';
import type { RigidQuadrotors } from './rigid-quadrotors.ts';

export interface ParcelSpec {
  /** Half extents of the parcel's box, m. */
  halfExtents: Vec3;
  /** kg. */
  mass: number;
}

/** A 5 g, 8 × 8 × 6 cm parcel: what a Crazyflie-class drone (27 g, thrust-to-weight 2.25) can still fly briskly. */
export const SMALL_PARCEL: ParcelSpec = { halfExtents: { x: 0.04, y: 0.04, z: 0.03 }, mass: 0.005 };
/** Tether length between the anchor under the drone and the one on the parcel's top, m. */
export const DEFAULT_TETHER_LENGTH = 0.6;
/** How far below the drone's anchor the parcel's top may be for the tether to be hooked on, m. */
export const TETHER_REACH = 0.5;
/** Anchors closer than this to the full tether length count as taut: the parcel then hangs on the drone. */
const TAUT_SLACK = 0.02; // m

interface Carriage {
  drone: number;
  joint: JointHandle;
}

export class TetheredParcels {
  readonly bodies: BodyHandle[] = [];
  readonly specs: ParcelSpec[] = [];
  private readonly carriages: (Carriage | null)[] = [];

  constructor(private readonly drones: RigidQuadrotors, readonly tetherLength = DEFAULT_TETHER_LENGTH) {
    if (!(tetherLength > 0)) throw new RangeError(`TetheredParcels: tetherLength must be a number of metres > 0, got ${String(tetherLength)}`);
  }

  /** A parcel resting (or falling) from `position`; returns its index. */
  add(position: Vec3, spec: ParcelSpec = SMALL_PARCEL): number {
    const body = this.drones.world.addDynamicBody({ shape: { kind: 'box', halfExtents: spec.halfExtents }, mass: spec.mass, position, friction: 0.8 });
    this.bodies.push(body);
    this.specs.push(spec);
    this.carriages.push(null);
    return this.bodies.length - 1;
  }

  /** The drone carrying parcel p, or -1. */
  carrierOf(parcel: number): number {
    return this.carriages[this.checkParcel('carrierOf', parcel)]?.drone ?? -1;
  }

  /** True when the parcel's top is at most TETHER_REACH below the drone's anchor, and at most 0.2 m to the side. */
  withinReach(drone: number, parcel: number): boolean {
    const top = this.topAnchor(parcel), anchor = this.droneAnchor(drone);
    const below = anchor.z - top.z;
    return below >= 0 && below <= TETHER_REACH && Math.hypot(anchor.x - top.x, anchor.y - top.y) <= 0.2;
  }

  /** Hooks the parcel onto the drone's tether; throws when it is out of reach or already carried. */
  attach(drone: number, parcel: number): void {
    this.checkParcel('attach', parcel);
    if (this.carriages[parcel] !== null) throw new Error(`TetheredParcels.attach: parcel ${parcel} is already carried by drone ${this.carriages[parcel]!.drone}; release or hand it over first`);
    if (!this.withinReach(drone, parcel)) {
      throw new Error(`TetheredParcels.attach: parcel ${parcel} is out of drone ${drone}'s reach; accepted: its top at most ${TETHER_REACH} m below the drone and 0.2 m to the side`);
    }
    this.hook(drone, parcel);
  }

  /** Unhooks the parcel: it falls, or stays where it rests. */
  release(parcel: number): void {
    const carriage = this.carriages[this.checkParcel('release', parcel)];
    if (carriage === null) throw new Error(`TetheredParcels.release: parcel ${parcel} is not carried; accepted: a parcel attached to a drone`);
    this.drones.world.removeJoint(carriage.joint);
    this.drones.hangingMass[carriage.drone] = 0;
    this.carriages[parcel] = null;
  }

  /** Passes a carried parcel to another drone in reach of it, tether for tether. */
  handOver(parcel: number, toDrone: number): void {
    this.checkParcel('handOver', parcel);
    if (!this.withinReach(toDrone, parcel)) {
      throw new Error(`TetheredParcels.handOver: parcel ${parcel} is out of drone ${toDrone}'s reach; accepted: its top at most ${TETHER_REACH} m below the drone and 0.2 m to the side`);
    }
    this.release(parcel);
    this.hook(toDrone, parcel);
  }

  /** Sets each carrier's hanging mass from whether its tether is taut; call before the drones' beforeStep(). */
  updateHangingMass(): void {
    this.carriages.forEach((carriage, parcel) => {
      if (carriage === null) return;
      const top = this.topAnchor(parcel), anchor = this.droneAnchor(carriage.drone);
      const taut = Math.hypot(anchor.x - top.x, anchor.y - top.y, anchor.z - top.z) >= this.tetherLength - TAUT_SLACK;
      this.drones.hangingMass[carriage.drone] = taut ? this.specs[parcel].mass : 0;
    });
  }

  position(parcel: number): Vec3 {
    return this.drones.world.getPose(this.bodies[this.checkParcel('position', parcel)]).position;
  }

  speed(parcel: number): number {
    const { linear: v } = this.drones.world.getVelocity(this.bodies[this.checkParcel('speed', parcel)]);
    return Math.hypot(v.x, v.y, v.z);
  }

  private hook(drone: number, parcel: number): void {
    const joint = this.drones.world.addTether({
      bodyA: this.drones.bodies[drone],
      anchorA: { x: 0, y: 0, z: -this.drones.halfExtents.z },
      bodyB: this.bodies[parcel],
      anchorB: { x: 0, y: 0, z: this.specs[parcel].halfExtents.z },
      length: this.tetherLength,
    });
    this.carriages[parcel] = { drone, joint };
  }

  /** World point of the anchor on the parcel's top (the parcel assumed upright enough). */
  private topAnchor(parcel: number): Vec3 {
    const p = this.drones.world.getPose(this.bodies[parcel]).position;
    return { x: p.x, y: p.y, z: p.z + this.specs[parcel].halfExtents.z };
  }

  private droneAnchor(drone: number): Vec3 {
    const p = this.drones.world.getPose(this.drones.bodies[drone]).position;
    return { x: p.x, y: p.y, z: p.z - this.drones.halfExtents.z };
  }

  private checkParcel(where: string, parcel: number): number {
    if (!Number.isInteger(parcel) || parcel < 0 || parcel >= this.bodies.length) {
      throw new RangeError(`TetheredParcels.${where}: no parcel ${String(parcel)}; accepted: 0 to ${this.bodies.length - 1}`);
    }
    return parcel;
  }
}
