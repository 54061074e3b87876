import type { QuadrotorControllerGains } from '../control/quadrotor-cascade-controller.ts';
import type { QuadrotorRung } from '../control/action-rungs.ts';
import { rotorTorqueSigns } from '../quadrotor/rotor-layout.ts';

/**
 * The cascade controller of physics/control/quadrotor-cascade-controller.ts in WGSL, line for line:
 * goto (position P, speed caps, yaw P) → velocity (PI inside the integral band, gravity and drag
 * feed-forward, tilt limit) → attitude → rates → X mixer with the yaw cap → inverse thrust curve.
 * `motors` passes the command through; `rates` enters at the rate loop. Gains come in the uniforms.
 *
 *   fn quadrotorControl(rung: u32, command: vec4<f32>, state: QuadrotorState, params: QuadrotorParams,
 *                       control: QuadrotorControlParams, integral: ptr<function, vec3<f32>>, u: BatchUniforms)
 *                       -> QuadrotorMotorCommand
 */
export const RUNG_CODE: Readonly<Record<QuadrotorRung, number>> = { motors: 0, rates: 1, velocity: 2, goto: 3 };

/** The uniform block every stepping shader reads, in the order `writeBatchUniforms` fills it. */
export const BATCH_UNIFORMS_WGSL = /* wgsl */ `
struct BatchUniforms {
  stride: u32,
  count: u32,
  steps: u32,
  rung: u32,
  dt: f32,
  position: f32,
  maxHorizontalSpeed: f32,
  maxVerticalSpeed: f32,
  velocity: f32,
  velocityIntegral: f32,
  integralLimit: f32,
  integralBand: f32,
  tanMaxTilt: f32,
  attitude: f32,
  yaw: f32,
  rate: f32,
}
`;
export const BATCH_UNIFORMS_BYTES = 16 * 4;

/** Fills the uniform block (16 words) for one dispatch. */
export function writeBatchUniforms(
  target: ArrayBuffer, stride: number, count: number, steps: number, rung: QuadrotorRung, dt: number, gains: QuadrotorControllerGains,
): void {
  const words = new Uint32Array(target, 0, 16);
  const floats = new Float32Array(target, 0, 16);
  words[0] = stride;
  words[1] = count;
  words[2] = steps;
  words[3] = RUNG_CODE[rung];
  floats[4] = dt;
  floats[5] = gains.position;
  floats[6] = gains.maxHorizontalSpeed;
  floats[7] = gains.maxVerticalSpeed;
  floats[8] = gains.velocity;
  floats[9] = gains.velocityIntegral;
  floats[10] = gains.integralLimit;
  floats[11] = gains.integralBand;
  floats[12] = Math.tan(gains.maxTilt);
  floats[13] = gains.attitude;
  floats[14] = gains.yaw;
  floats[15] = gains.rate;
}

// The mixer's signs come from the rotor table, as the CPU mixer's do.
const ROTOR_SIGNS = rotorTorqueSigns();
const sign = (value: number): string => (value < 0 ? '-' : '+');

export const QUADROTOR_CONTROLLER_WGSL = /* wgsl */ `
const PI_F32: f32 = 3.141592653589793;

fn wrapAngle(angle: f32) -> f32 {
  return angle - 2.0 * PI_F32 * floor((angle + PI_F32) / (2.0 * PI_F32));
}

// Normalised motor speed giving rotor thrust f, within the motor's range.
fn rotorCommand(f: f32, c0: f32, c1: f32, c2: f32) -> f32 {
  if (f <= c0) { return 0.0; }
  let r = (-c1 + sqrt(c1 * c1 + 4.0 * c2 * (f - c0))) / (2.0 * c2);
  return select(r, 1.0, r > 1.0);
}

// The integrator runs only while the error is inside the band (no windup on large steps).
fn integrate(integral: f32, error: f32, dt: f32, band: f32, limit: f32) -> f32 {
  return select(integral, clamp(integral + error * dt, -limit, limit), abs(error) < band);
}

fn quadrotorControl(
  rung: u32, command: vec4<f32>, s: QuadrotorState, p: QuadrotorParams, cp: QuadrotorControlParams,
  integral: ptr<function, vec3<f32>>, u: BatchUniforms,
) -> QuadrotorMotorCommand {
  if (rung == ${RUNG_CODE.motors}u) {
    return QuadrotorMotorCommand(command.x, command.y, command.z, command.w);
  }
  let qw = s.qw; let qx = s.qx; let qy = s.qy; let qz = s.qz;
  let maxRotorThrust = p.c0 + p.c1 + p.c2;
  var thrust: f32;
  var pRef: f32; var qRef: f32; var rRef: f32;
  if (rung == ${RUNG_CODE.rates}u) {
    thrust = command.x * 4.0 * maxRotorThrust;
    pRef = command.y; qRef = command.z; rRef = command.w;
  } else {
    var vxRef: f32; var vyRef: f32; var vzRef: f32;
    if (rung == ${RUNG_CODE.goto}u) {
      let ex = command.x - s.px; let ey = command.y - s.py; let ez = command.z - s.pz;
      vxRef = u.position * ex;
      vyRef = u.position * ey;
      let horizontal = sqrt(vxRef * vxRef + vyRef * vyRef);
      if (horizontal > u.maxHorizontalSpeed) {
        vxRef *= u.maxHorizontalSpeed / horizontal;
        vyRef *= u.maxHorizontalSpeed / horizontal;
      }
      vzRef = clamp(u.position * ez, -u.maxVerticalSpeed, u.maxVerticalSpeed);
      let yaw = atan2(2.0 * (qw * qz + qx * qy), 1.0 - 2.0 * (qy * qy + qz * qz));
      rRef = u.yaw * wrapAngle(command.w - yaw);
    } else {
      vxRef = command.x; vyRef = command.y; vzRef = command.z; rRef = command.w;
    }
    // Velocity PI with gravity feed-forward gives the acceleration the thrust axis must deliver.
    let evx = vxRef - s.vx; let evy = vyRef - s.vy; let evz = vzRef - s.vz;
    let previous = *integral;
    let ix = integrate(previous.x, evx, u.dt, u.integralBand, u.integralLimit);
    let iy = integrate(previous.y, evy, u.dt, u.integralBand, u.integralLimit);
    let iz = integrate(previous.z, evz, u.dt, u.integralBand, u.integralLimit);
    *integral = vec3<f32>(ix, iy, iz);
    let g = p.gravity;
    // Feed-forward of the drag at the commanded velocity, so the integrator only fixes model error.
    let dragXY = p.dragXY * p.invMass;
    let dragZ = p.dragZ * p.invMass;
    var ax = u.velocity * evx + u.velocityIntegral * ix + dragXY * vxRef;
    var ay = u.velocity * evy + u.velocityIntegral * iy + dragXY * vyRef;
    let az = max(0.2 * g, g + u.velocity * evz + u.velocityIntegral * iz + dragZ * vzRef);
    let horizontal = sqrt(ax * ax + ay * ay);
    let tiltLimit = az * u.tanMaxTilt;
    if (horizontal > tiltLimit) {
      ax *= tiltLimit / horizontal;
      ay *= tiltLimit / horizontal;
    }
    let norm = sqrt(ax * ax + ay * ay + az * az);
    let bx = ax / norm; let by = ay / norm; let bz = az / norm;
    let zx = 2.0 * (qx * qz + qw * qy); let zy = 2.0 * (qy * qz - qw * qx); let zz = 1.0 - 2.0 * (qx * qx + qy * qy);
    thrust = max(0.0, cp.mass * (ax * zx + ay * zy + az * zz));
    // Attitude error: the rotation taking the current axis onto the desired one, in the body frame.
    let exw = zy * bz - zz * by; let eyw = zz * bx - zx * bz; let ezw = zx * by - zy * bx;
    let exb = (1.0 - 2.0 * (qy * qy + qz * qz)) * exw + 2.0 * (qx * qy + qw * qz) * eyw + 2.0 * (qx * qz - qw * qy) * ezw;
    let eyb = 2.0 * (qx * qy - qw * qz) * exw + (1.0 - 2.0 * (qx * qx + qz * qz)) * eyw + 2.0 * (qy * qz + qw * qx) * ezw;
    pRef = u.attitude * exb;
    qRef = u.attitude * eyb;
  }
  // Rate loop: angular acceleration proportional to rate error, turned into torques by the inertia.
  let tx = cp.ixx * u.rate * (pRef - s.wx);
  let ty = cp.iyy * u.rate * (qRef - s.wy);
  let tz = cp.izz * u.rate * (rRef - s.wz);
  // X-frame mixer; yaw's share is capped so that it never saturates the rotors that hold attitude.
  let t = thrust / 4.0;
  let rx = tx / (4.0 * p.armX);
  let ry = ty / (4.0 * p.armX);
  let yawCap = 0.25 * t;
  let rz = clamp(tz / (4.0 * p.yawTorquePerThrust), -yawCap, yawCap);
  return QuadrotorMotorCommand(
${[0, 1, 2, 3].map((m) => `    rotorCommand(t ${sign(ROTOR_SIGNS.roll[m])} rx ${sign(ROTOR_SIGNS.pitch[m])} ry ${sign(ROTOR_SIGNS.yaw[m])} rz, p.c0, p.c1, p.c2),`).join('\n')}
  );
}
`;
