/**
 * The scripted payload pilot, the `pid` policy of the payload task: a sequence of goto waypoints with the
 * tether hooked on over the parcel and off once the parcel rests on the roof.
 *   approach → hover 0.35 m above the parcel, hook on when within reach
 *   lift     → rise slowly until the parcel leaves the ground (no jerk on the tether)
 *   climb    → straight up until the line to the pad is clear (plan.climbZ)
 *   cruise   → to above the pad at the cruise altitude, climbing on the way
 *   settle   → down until the parcel hangs 15 cm above the roof, following its swing until it dies down
 *   lower    → down until the parcel rests on the roof and the tether is slack, then release
 *   depart   → up 2 m and hover
 */
import { TETHER_REACH } from './tethered-parcels.ts';
import type { PayloadEpisode } from './payload-episode.ts';

export type PayloadPilotPhase = 'approach' | 'lift' | 'climb' | 'cruise' | 'settle' | 'lower' | 'depart';

/** Height the parcel hangs above the roof while its swing settles, m. */
const SETTLE_HEIGHT = 0.15;
/** How far the drone goes below the parcel-touches-roof height when lowering, so the tether goes slack, m. */
const LOWER_SLACK = 0.2;
/** The swing counts as settled when the parcel is this close to the pad centre (m) and this slow (m/s). */
const SETTLED_OFFSET = 0.4;
const SETTLED_SPEED = 0.4;
/** Metres the drone's target moves per metre the parcel hangs off to the side. */
const SWING_DAMPING = 2;

export class PayloadPilot {
  phase: PayloadPilotPhase = 'approach';
  /** Step at which each phase began. */
  readonly phaseSteps: Partial<Record<PayloadPilotPhase, number>> = { approach: 0 };
  private readonly hookHeight: number;

  constructor(private readonly episode: PayloadEpisode) {
    // Drone centre above the parcel's top when hovering for the hook: well within TETHER_REACH.
    this.hookHeight = episode.drones.halfExtents.z + Math.min(0.35, TETHER_REACH - 0.1);
  }

  /** The goto command [x, y, z, yaw] for the coming step; hooks and releases the tether as it goes. */
  act(): [number, number, number, number] {
    const { plan, parcels, drones } = this.episode;
    const drone = this.episode.dronePosition();
    const parcel = parcels.position(0);
    const parcelHalf = parcels.specs[0].halfExtents.z;
    const hang = drones.halfExtents.z + parcels.tetherLength + 2 * parcelHalf; // drone centre above the parcel's bottom
    const pad = plan.pad;
    switch (this.phase) {
      case 'approach': {
        const target: [number, number, number, number] = [parcel.x, parcel.y, parcel.z + parcelHalf + this.hookHeight, 0];
        if (parcels.withinReach(0, 0) && this.episode.droneSpeed() < 0.3 && Math.abs(drone.z - target[2]) < 0.1) {
          parcels.attach(0, 0);
          this.enter('lift');
        }
        return target;
      }
      case 'lift':
        if (parcel.z - parcelHalf > 0.1) this.enter('climb');
        return [plan.parcelStart.x, plan.parcelStart.y, parcel.z + parcelHalf + drones.halfExtents.z + parcels.tetherLength + 0.3, 0];
      case 'climb':
        if (drone.z > plan.climbZ) this.enter('cruise');
        return [plan.parcelStart.x, plan.parcelStart.y, plan.cruiseZ, 0];
      case 'cruise':
        if (Math.hypot(drone.x - pad.x, drone.y - pad.y) < 1.5) this.enter('settle');
        return [pad.x, pad.y, plan.cruiseZ, 0];
      case 'settle': {
        const z = plan.roofZ + SETTLE_HEIGHT + hang;
        const offPad = Math.hypot(parcel.x - pad.x, parcel.y - pad.y);
        if (Math.abs(drone.z - z) < 0.2 && offPad < SETTLED_OFFSET && parcels.speed(0) < SETTLED_SPEED) this.enter('lower');
        return [...this.swingDamped(pad.x, pad.y), z, 0];
      }
      case 'lower': {
        const onRoof = parcel.z - parcelHalf < plan.roofZ + 0.01 && parcels.speed(0) < 0.05;
        if (onRoof && drone.z < plan.roofZ + hang - LOWER_SLACK / 2) {
          parcels.release(0);
          this.enter('depart');
        }
        return [...this.swingDamped(pad.x, pad.y), plan.roofZ + hang - LOWER_SLACK, 0];
      }
      case 'depart':
        return [pad.x, pad.y, plan.roofZ + hang + 2, 0];
    }
  }

  /** A horizontal target moved toward where the parcel swings: the drone follows the swing and damps it. */
  private swingDamped(x: number, y: number): [number, number] {
    const drone = this.episode.dronePosition(), parcel = this.episode.parcels.position(0);
    if (this.episode.parcels.carrierOf(0) < 0) return [x, y];
    return [x + SWING_DAMPING * (parcel.x - drone.x), y + SWING_DAMPING * (parcel.y - drone.y)];
  }

  private enter(phase: PayloadPilotPhase): void {
    this.phase = phase;
    this.phaseSteps[phase] = this.episode.stepCount;
  }
}
