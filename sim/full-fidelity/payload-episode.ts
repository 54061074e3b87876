/**
 * The payload task at full fidelity: one drone, one parcel at a depot, a rooftop pad to deliver it to, in a
 * city whose buildings are static bodies of a rigid world. The drone flies through the goto rung; hooking the
 * tether on and off are the task's two other actions. Success: the parcel, released, rests on the pad's roof
 * within SUCCESS_RADIUS of the pad centre.
 */
import { CF2X_PARAMS, DEFAULT_QUADROTOR_GAINS, VEHICLE_STATUS, hashTypedArrays, type QuadrotorKernelKind, type QuadrotorParams, type RigidEngineName, type Vec3 } from '../../physics/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { createCityRigidScene, type CityRigidScene } from './city-rigid-scene.ts';
import { PAYLOAD_CLIMB_SPEED, PAYLOAD_CRUISE_SPEED, PAYLOAD_MAX_TILT, planPayloadDelivery, type PayloadPlan } from './payload-plan.ts';
import { RigidQuadrotors, inertiaBoxHalfExtents } from './rigid-quadrotors.ts';
import { DEFAULT_TETHER_LENGTH, SMALL_PARCEL, TetheredParcels, type ParcelSpec } from './tethered-parcels.ts';

/** The parcel must rest this close to the pad centre, m (the pads themselves have a 4 m radius). */
export const SUCCESS_RADIUS = 1;
/** At rest: slower than this, m/s ... */
export const REST_SPEED = 0.05;
/** ... for this many consecutive steps. */
const REST_STEPS = 20;

export interface PayloadEpisodeOptions {
  engine: RigidEngineName;
  world: WorldSpec;
  /** Steps the episode may last; the plan picks a pad reachable within them. */
  maxSteps: number;
  params?: QuadrotorParams;
  parcel?: ParcelSpec;
  kernel?: QuadrotorKernelKind;
}

export interface PayloadStepResult {
  terminated: boolean;
  truncated: boolean;
  success: boolean;
}

export class PayloadEpisode {
  stepCount = 0;
  success = false;
  terminated = false;
  private restSteps = 0;

  private constructor(
    readonly scene: CityRigidScene,
    readonly plan: PayloadPlan,
    readonly drones: RigidQuadrotors,
    readonly parcels: TetheredParcels,
    readonly maxSteps: number,
  ) {}

  static async create(options: PayloadEpisodeOptions): Promise<PayloadEpisode> {
    const params = options.params ?? CF2X_PARAMS;
    const parcel = options.parcel ?? SMALL_PARCEL;
    const scene = await createCityRigidScene(options.engine, options.world);
    try {
      // How far below the drone's centre the parcel's bottom hangs on a taut tether.
      const hangingDepth = inertiaBoxHalfExtents(params).z + DEFAULT_TETHER_LENGTH + 2 * parcel.halfExtents.z;
      const plan = planPayloadDelivery(options.world, hangingDepth, parcel.halfExtents.z);
      const gains = { ...DEFAULT_QUADROTOR_GAINS, maxHorizontalSpeed: PAYLOAD_CRUISE_SPEED, maxVerticalSpeed: PAYLOAD_CLIMB_SPEED, maxTilt: PAYLOAD_MAX_TILT };
      const drones = new RigidQuadrotors(scene.world, { params, positions: [plan.droneStart], gains, rung: 'goto', kernel: options.kernel, groundBody: scene.ground });
      const parcels = new TetheredParcels(drones);
      parcels.add(plan.parcelStart, parcel);
      return new PayloadEpisode(scene, plan, drones, parcels, options.maxSteps);
    } catch (error) {
      scene.world.free();
      throw error;
    }
  }

  get world() {
    return this.scene.world;
  }

  /** Advances one step with a goto command [x, y, z, yaw] for the drone. */
  step(goto: readonly [number, number, number, number]): PayloadStepResult {
    if (this.terminated) throw new Error('PayloadEpisode.step: the episode has ended; accepted: a new episode from PayloadEpisode.create()');
    this.drones.command(0, goto);
    this.parcels.updateHangingMass();
    this.drones.beforeStep();
    this.world.step();
    const events = this.world.contactEvents();
    this.drones.afterStep(events);
    this.scene.contacts.update(events);
    this.stepCount++;
    this.restSteps = this.parcelRestsOnPad() ? this.restSteps + 1 : 0;
    this.success = this.restSteps >= REST_STEPS;
    const crashed = this.drones.status[0] !== VEHICLE_STATUS.ok;
    this.terminated = this.success || crashed;
    return { terminated: this.terminated, truncated: !this.terminated && this.stepCount >= this.maxSteps, success: this.success };
  }

  /** Whether the parcel, released, lies still on the target roof within SUCCESS_RADIUS of the pad centre. */
  parcelRestsOnPad(): boolean {
    if (this.parcels.carrierOf(0) >= 0 || this.parcels.speed(0) > REST_SPEED) return false;
    const p = this.parcels.position(0);
    const { building, roofZ } = this.plan;
    const onRoof = p.z > roofZ && p.z < roofZ + 0.1 && p.x > building.minX && p.x < building.maxX && p.y > building.minY && p.y < building.maxY;
    return onRoof && this.distanceToPad() <= SUCCESS_RADIUS;
  }

  /** Horizontal distance of the parcel from the pad centre, m. */
  distanceToPad(): number {
    const p = this.parcels.position(0);
    return Math.hypot(p.x - this.plan.pad.x, p.y - this.plan.pad.y);
  }

  dronePosition(): Vec3 {
    return this.world.getPose(this.drones.bodies[0]).position;
  }

  droneSpeed(): number {
    const { linear: v } = this.world.getVelocity(this.drones.bodies[0]);
    return Math.hypot(v.x, v.y, v.z);
  }

  /** Fingerprint of every body's pose and velocity and of the drone's motors. */
  stateHash(): string {
    return hashTypedArrays([new TextEncoder().encode(this.world.stateHash()), new Float32Array(this.drones.motorSpeeds(0))]);
  }

  free(): void {
    this.world.free();
  }
}
