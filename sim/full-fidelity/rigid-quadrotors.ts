/**
 * Quadrotors as dynamic bodies of a RigidWorld. The batched vehicle model still supplies the motors: each
 * step the bodies' poses go into a one-row-per-drone batch, the cascade controller turns rung commands into
 * motor commands, the batched kernel advances the motor lag, and the thrust curve, arm and yaw-torque maps of
 * the kernel become a force and a torque on each body. The engine integrates the bodies, so tethers,
 * parcels, buildings and other drones push back on them.
 */
import {
  BatchArena, DEFAULT_QUADROTOR_GAINS, applyDownwash, QUADROTOR_KERNEL_PARAM as K, QUADROTOR_STATE as S, VEHICLE_STATUS, applyQuadrotorControl,
  createQuadrotorStepper, hoverMotorCommand, isQuadrotorRung, quadrotorArenaFields, rotorTorqueSigns, rowStride, writeKernelParams,
  type BodyHandle, type ContactEvent, type QuadrotorControllerGains, type QuadrotorKernelKind, type QuadrotorParams,
  type QuadrotorRung, type QuadrotorStepper, type RigidWorld, type Vec3,
} from '../../physics/index.ts';

// Each rotor's share of the body torques, from the rotor table the kernels use.
const ROTOR_SIGNS = rotorTorqueSigns();

/** Approach speed above which touching a building counts as a crash (a Crazyflie survives a gentle bump). */
export const BUILDING_CRASH_SPEED = 1; // m/s
/** Relative speed above which two drones touching both crash. */
export const DRONE_CRASH_SPEED = 1; // m/s

export interface RigidQuadrotorOptions {
  params: QuadrotorParams;
  /** Where each drone starts, level, motors at hover speed. */
  positions: readonly Vec3[];
  gains?: QuadrotorControllerGains;
  rung?: QuadrotorRung;
  kernel?: QuadrotorKernelKind;
  /** The ground plane, so that a ground contact is judged by the landing speed rather than as a building. */
  groundBody?: BodyHandle | null;
}

/**
 * Half extents of the uniform box whose inertia is the airframe's, so the engine turns the drone as the
 * flight model does: I_xx = m/3 (hy² + hz²) and so on, solved for hx, hy, hz.
 */
export function inertiaBoxHalfExtents(params: QuadrotorParams): Vec3 {
  const { mass } = params;
  const { xx, yy, zz } = params.inertia;
  const scale = 3 / (2 * mass);
  const squares = { x: scale * (yy + zz - xx), y: scale * (xx + zz - yy), z: scale * (xx + yy - zz) };
  if (squares.x <= 0 || squares.y <= 0 || squares.z <= 0) {
    throw new RangeError(`quadrotor "${params.name}": inertia ${JSON.stringify(params.inertia)} is not that of any box; accepted: each moment smaller than the sum of the other two`);
  }
  return { x: Math.sqrt(squares.x), y: Math.sqrt(squares.y), z: Math.sqrt(squares.z) };
}

export class RigidQuadrotors {
  readonly count: number;
  readonly bodies: BodyHandle[];
  /** 4 numbers per drone, drone-major, in the units of `rung` (see the README's action table). */
  readonly commands: Float32Array;
  /** VEHICLE_STATUS per drone; a crashed drone's motors are cut and the engine lets it fall. */
  readonly status: Uint8Array;
  /** Collective rotor thrust of the last step, N, per drone. */
  readonly thrust: Float64Array;
  /** Extra mass the controller compensates (a payload hanging on the drone's tether), kg, per drone. */
  readonly hangingMass: Float64Array;
  rung: QuadrotorRung;
  readonly gains: QuadrotorControllerGains;
  readonly halfExtents: Vec3;
  private readonly stepper: QuadrotorStepper;
  private readonly integral: Float32Array;
  private readonly stride: number;
  private readonly bodyIndex = new Map<BodyHandle, number>();
  private readonly speedBeforeStep: Float64Array;
  private readonly velocityBeforeStep: Float64Array;
  private readonly groundBody: BodyHandle | null;

  readonly params: QuadrotorParams;

  constructor(readonly world: RigidWorld, options: RigidQuadrotorOptions) {
    this.params = options.params;
    const count = options.positions.length;
    if (count < 1) throw new RangeError('RigidQuadrotors: positions must hold at least one drone position; accepted: an array of {x, y, z}');
    const rung = options.rung ?? 'goto';
    if (!isQuadrotorRung(rung)) throw new RangeError(`RigidQuadrotors: unknown rung "${String(rung)}"; accepted: motors, rates, velocity, goto`);
    this.count = count;
    this.rung = rung;
    this.gains = options.gains ?? DEFAULT_QUADROTOR_GAINS;
    this.groundBody = options.groundBody ?? null;
    const arena = BatchArena.create([...quadrotorArenaFields(count), { name: 'integral', kind: 'f32', length: 3 * rowStride(count) }], { shared: false });
    this.stepper = createQuadrotorStepper(arena, count, { kernel: options.kernel ?? 'auto' });
    this.integral = arena.f32('integral');
    const { arrays } = this.stepper;
    this.stride = arrays.stride;
    this.commands = new Float32Array(4 * count);
    this.status = new Uint8Array(count);
    this.thrust = new Float64Array(count);
    this.hangingMass = new Float64Array(count);
    this.speedBeforeStep = new Float64Array(count);
    this.velocityBeforeStep = new Float64Array(3 * count);
    this.halfExtents = inertiaBoxHalfExtents(options.params);
    const hover = hoverMotorCommand(options.params);
    for (let i = 0; i < this.stride; i++) {
      writeKernelParams(options.params, arrays.params, this.stride, i);
      arrays.status[i] = i < count ? VEHICLE_STATUS.ok : VEHICLE_STATUS.inactive;
    }
    this.bodies = options.positions.map((position, i) => {
      for (let m = 0; m < 4; m++) {
        arrays.state[(S.r0 + m) * this.stride + i] = hover;
        arrays.motorCommand[m * this.stride + i] = hover;
      }
      this.commands.set([position.x, position.y, position.z, 0], 4 * i);
      const body = world.addDynamicBody({ shape: { kind: 'box', halfExtents: this.halfExtents }, mass: options.params.mass, position, friction: 0.5 });
      this.bodyIndex.set(body, i);
      return body;
    });
  }

  /** The drone a body belongs to, or -1. */
  droneOfBody(body: BodyHandle): number {
    return this.bodyIndex.get(body) ?? -1;
  }

  /** Controller, motor lag and rotor forces for the coming step; call just before `world.step()`. */
  beforeStep(): void {
    const { arrays } = this.stepper;
    const { state, params, motorCommand } = arrays;
    const n = this.stride;
    const dt = this.world.settings.dt;
    for (let i = 0; i < this.count; i++) {
      const { position: p, orientation: q } = this.world.getPose(this.bodies[i]);
      const { linear: v, angular: w } = this.world.getVelocity(this.bodies[i]);
      state[S.px * n + i] = p.x; state[S.py * n + i] = p.y; state[S.pz * n + i] = p.z;
      state[S.vx * n + i] = v.x; state[S.vy * n + i] = v.y; state[S.vz * n + i] = v.z;
      state[S.qw * n + i] = q.w; state[S.qx * n + i] = q.x; state[S.qy * n + i] = q.y; state[S.qz * n + i] = q.z;
      // The kernel's angular velocity is in the body frame: rotate the world-frame one by the inverse attitude.
      const body = rotate(q.w, -q.x, -q.y, -q.z, w.x, w.y, w.z);
      state[S.wx * n + i] = body.x; state[S.wy * n + i] = body.y; state[S.wz * n + i] = body.z;
      this.velocityBeforeStep.set([v.x, v.y, v.z], 3 * i);
      this.speedBeforeStep[i] = Math.hypot(v.x, v.y, v.z);
      // Only the controller reads K.mass: feeding it the hanging payload makes the cascade lift it too.
      params[K.mass * n + i] = this.params.mass + this.hangingMass[i];
      arrays.status[i] = VEHICLE_STATUS.ok; // the engine, not the kernel's ground rule, decides crashes here
    }
    // Downwash between the drones (one world), from the poses at the start of the step.
    if (this.params.downwash.enabled && this.count > 1) applyDownwash(arrays, this.params.downwash, this.count, 0, this.count);
    applyQuadrotorControl(this.rung, this.commands, arrays, this.integral, this.gains, 0, this.count, dt);
    for (let i = 0; i < this.count; i++) {
      if (this.status[i] !== VEHICLE_STATUS.ok) for (let m = 0; m < 4; m++) motorCommand[m * n + i] = 0;
    }
    const before = new Float64Array(4 * this.count);
    for (let i = 0; i < this.count; i++) for (let m = 0; m < 4; m++) before[4 * i + m] = state[(S.r0 + m) * n + i];
    // The kernel advances the motor lag exactly as in fast runs; its body state is overwritten next step.
    this.stepper.step(0, this.count, dt, 1);
    const { c0, c1, c2 } = this.params.thrustCurve;
    const rotor = (r: number): number => c0 + (c1 + c2 * r) * r;
    for (let i = 0; i < this.count; i++) {
      const f = [0, 1, 2, 3].map((m) => 0.5 * (rotor(before[4 * i + m]) + rotor(state[(S.r0 + m) * n + i])));
      const thrust = f[0] + f[1] + f[2] + f[3];
      this.thrust[i] = thrust;
      const armX = params[K.armX * n + i], yawK = params[K.yawTorquePerThrust * n + i];
      const { orientation: q } = this.world.getPose(this.bodies[i]);
      const up = rotate(q.w, q.x, q.y, q.z, 0, 0, thrust + params[K.downwashThrust * n + i]);
      const vx = this.velocityBeforeStep[3 * i], vy = this.velocityBeforeStep[3 * i + 1], vz = this.velocityBeforeStep[3 * i + 2];
      const dragXY = params[K.dragXY * n + i], dragZ = params[K.dragZ * n + i];
      this.world.applyForce(this.bodies[i], { x: up.x - dragXY * vx, y: up.y - dragXY * vy, z: up.z - dragZ * vz });
      // Rotor torques in the body frame, the same maps as the kernel's dwx, dwy, dwz.
      const signed = (signs: readonly number[]): number => signs[0] * f[0] + signs[1] * f[1] + signs[2] * f[2] + signs[3] * f[3];
      const torque = rotate(q.w, q.x, q.y, q.z, armX * signed(ROTOR_SIGNS.roll), armX * signed(ROTOR_SIGNS.pitch), yawK * signed(ROTOR_SIGNS.yaw));
      this.world.applyTorque(this.bodies[i], torque);
    }
  }

  /** Marks crashes from the contacts of the last step; call with `world.contactEvents()` after `world.step()`. */
  afterStep(events: readonly ContactEvent[]): void {
    for (const event of events) {
      if (!event.started) continue;
      const a = this.droneOfBody(event.bodyA), b = this.droneOfBody(event.bodyB);
      if (event.staticHit && a >= 0) {
        if (event.bodyB === this.groundBody) {
          if (-this.velocityBeforeStep[3 * a + 2] > this.params.crashSpeed) this.crash(a, VEHICLE_STATUS.crashedGround);
        } else if (this.speedBeforeStep[a] > BUILDING_CRASH_SPEED) {
          this.crash(a, VEHICLE_STATUS.crashedBuilding);
        }
      } else if (a >= 0 && b >= 0) {
        const dvx = this.velocityBeforeStep[3 * a] - this.velocityBeforeStep[3 * b];
        const dvy = this.velocityBeforeStep[3 * a + 1] - this.velocityBeforeStep[3 * b + 1];
        const dvz = this.velocityBeforeStep[3 * a + 2] - this.velocityBeforeStep[3 * b + 2];
        if (Math.hypot(dvx, dvy, dvz) > DRONE_CRASH_SPEED) {
          this.crash(a, VEHICLE_STATUS.crashedVehicle);
          this.crash(b, VEHICLE_STATUS.crashedVehicle);
        }
      }
    }
  }

  /** Motor speeds (normalised 0..1) of drone i after the last step. */
  motorSpeeds(i: number): [number, number, number, number] {
    const { state } = this.stepper.arrays;
    const n = this.stride;
    return [state[S.r0 * n + i], state[S.r1 * n + i], state[S.r2 * n + i], state[S.r3 * n + i]];
  }

  /** Sets drone i's four rung numbers. */
  command(i: number, values: readonly [number, number, number, number]): void {
    this.commands.set(values, 4 * i);
  }

  get kernel(): string {
    return this.stepper.kernel;
  }

  private crash(i: number, code: number): void {
    if (this.status[i] === VEHICLE_STATUS.ok) this.status[i] = code;
  }
}

/** v rotated by the unit quaternion (w, x, y, z). */
function rotate(w: number, x: number, y: number, z: number, vx: number, vy: number, vz: number): Vec3 {
  // t = 2 q_vec × v; v' = v + w t + q_vec × t
  const tx = 2 * (y * vz - z * vy), ty = 2 * (z * vx - x * vz), tz = 2 * (x * vy - y * vx);
  return { x: vx + w * tx + (y * tz - z * ty), y: vy + w * ty + (z * tx - x * tz), z: vz + w * tz + (x * ty - y * tx) };
}
