import type { RobotRung } from '../control/action-rungs.ts';
import type { RobotControllerGains } from '../control/ground-robot-controller.ts';
import { ROBOT_PARAM, ROBOT_STATE } from '../robot/ground-robot-model.ts';
import { VEHICLE_STATUS } from '../quadrotor/quadrotor-state-layout.ts';
import { WORLD_CONTACT_WGSL } from './building-collision-wgsl.ts';

/** Robots per workgroup of the robot step. */
export const ROBOT_WORKGROUP_SIZE = 64;

/** Binding numbers of the robot step's buffers (group 0; a world adds WORLD_BINDING's). */
export const ROBOT_BATCH_BINDING = { state: 0, params: 1, commands: 2, wheelCommand: 3, status: 4, uniforms: 5 } as const;

export const ROBOT_RUNG_CODE: Readonly<Record<RobotRung, number>> = { wheels: 0, velocity: 1, goto: 2 };
export const ROBOT_UNIFORMS_BYTES = 16 * 4;

/** Fills the robot step's uniform block (16 words) for one dispatch. */
export function writeRobotUniforms(
  target: ArrayBuffer, stride: number, count: number, steps: number, rung: RobotRung, dt: number, gains: RobotControllerGains,
): void {
  const words = new Uint32Array(target, 0, 16), floats = new Float32Array(target, 0, 16);
  words[0] = stride;
  words[1] = count;
  words[2] = steps;
  words[3] = ROBOT_RUNG_CODE[rung];
  floats[4] = dt;
  floats[5] = gains.cruiseSpeed;
  floats[6] = gains.approachGain;
  floats[7] = gains.lookahead;
  floats[8] = gains.arrivalRadius;
  floats[9] = gains.turnInPlaceAngle;
}

/**
 * The ground-robot step as a compute shader, K steps per dispatch, one invocation per robot: the
 * controller of physics/control/ground-robot-controller.ts (wheels, velocity, goto by pure
 * pursuit) then the differential-drive step of physics/robot/ground-robot-model.ts, line for
 * line; with a world, a robot whose disc would leave the world or touch a building's footprint
 * stays where it was with its wheels stopped (as sim/'s fleet does). Component-major buffers as in
 * the CPU arena; commands are robot-major, 2 per robot.
 */
export function robotBatchShaderSource(options: { world?: boolean } = {}): string {
  const b = ROBOT_BATCH_BINDING, R = ROBOT_STATE, P = ROBOT_PARAM, code = ROBOT_RUNG_CODE;
  const at = (buffer: string, component: number): string => `${buffer}[${component}u * u.stride + i]`;
  return /* wgsl */ `
struct RobotUniforms {
  stride: u32, count: u32, steps: u32, rung: u32,
  dt: f32, cruiseSpeed: f32, approachGain: f32, lookahead: f32,
  arrivalRadius: f32, turnInPlaceAngle: f32, pad0: f32, pad1: f32,
  pad2: f32, pad3: f32, pad4: f32, pad5: f32,
}
@group(0) @binding(${b.state}) var<storage, read_write> stateBuffer: array<f32>;
@group(0) @binding(${b.params}) var<storage, read> paramsBuffer: array<f32>;
@group(0) @binding(${b.commands}) var<storage, read> commandsBuffer: array<f32>;
@group(0) @binding(${b.wheelCommand}) var<storage, read_write> wheelCommandBuffer: array<f32>;
@group(0) @binding(${b.status}) var<storage, read> statusBuffer: array<u32>;
@group(0) @binding(${b.uniforms}) var<uniform> u: RobotUniforms;
${options.world ? WORLD_CONTACT_WGSL : ''}
const PI_F32: f32 = 3.141592653589793;

fn wrapRobotAngle(angle: f32) -> f32 {
  return angle - 2.0 * PI_F32 * floor((angle + PI_F32) / (2.0 * PI_F32));
}

// sin and cos to about one ulp (Cody-Waite reduction by π/2, minimax polynomials on [-π/4, π/4]):
// WGSL lets a driver's sin and cos be off by 2^-11, which would move a robot millimetres off the CPU's path.
fn preciseSinCos(angle: f32) -> vec2<f32> {
  let quadrant = round(angle * 0.6366197723675814);
  let r = ((angle - quadrant * 1.5703125) - quadrant * 4.837512969970703125e-4) - quadrant * 7.549789954891882e-8;
  let r2 = r * r;
  let s = r + r * r2 * (-1.6666654611e-1 + r2 * (8.3321608736e-3 + r2 * -1.9515295891e-4));
  let c = 1.0 - 0.5 * r2 + r2 * r2 * (4.166664568298827e-2 + r2 * (-1.388731625493765e-3 + r2 * 2.443315711809948e-5));
  let q = i32(quadrant) & 3;
  if (q == 0) { return vec2<f32>(s, c); }
  if (q == 1) { return vec2<f32>(c, -s); }
  if (q == 2) { return vec2<f32>(-s, -c); }
  return vec2<f32>(-c, s);
}

fn slew(current: f32, wanted: f32, maxDelta: f32) -> f32 {
  let delta = wanted - current;
  return select(select(wanted, current - maxDelta, delta < -maxDelta), current + maxDelta, delta > maxDelta);
}

@compute @workgroup_size(${ROBOT_WORKGROUP_SIZE})
fn stepRobots(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= u.count || statusBuffer[i] != ${VEHICLE_STATUS.ok}u) { return; }
  var x = ${at('stateBuffer', R.x)}; var y = ${at('stateBuffer', R.y)}; var yaw = ${at('stateBuffer', R.yaw)};
  var left = ${at('stateBuffer', R.left)}; var right = ${at('stateBuffer', R.right)};
  let track = ${at('paramsBuffer', P.trackWidth)};
  let maxWheel = ${at('paramsBuffer', P.maxWheelSpeed)};
  let maxDelta = ${at('paramsBuffer', P.maxWheelAcceleration)} * u.dt;
  let radius = ${at('paramsBuffer', P.radius)};
  let a = commandsBuffer[2u * i]; let b = commandsBuffer[2u * i + 1u];
  var commandLeft = wheelCommandBuffer[i]; var commandRight = wheelCommandBuffer[u.stride + i];
  for (var k = 0u; k < u.steps; k++) {
    if (u.rung == ${code.wheels}u) {
      commandLeft = a * maxWheel;
      commandRight = b * maxWheel;
    } else {
      var v = a; var w = b;
      if (u.rung == ${code.goto}u) {
        let dx = a - x; let dy = b - y;
        let distance = sqrt(dx * dx + dy * dy);
        if (distance < u.arrivalRadius) {
          v = 0.0; w = 0.0;
        } else {
          let alpha = wrapRobotAngle(atan2(dy, dx) - yaw);
          if (abs(alpha) > u.turnInPlaceAngle) {
            v = 0.0; w = sign(alpha) * 2.0;
          } else {
            let alphaSinCos = preciseSinCos(alpha);
            v = min(u.cruiseSpeed, u.approachGain * distance) * alphaSinCos.y;
            // Pure pursuit: curvature 2·sin(α)/L toward a look-ahead point no farther than the goal.
            w = (v * 2.0 * alphaSinCos.x) / min(u.lookahead, distance);
          }
        }
      }
      var l = v - 0.5 * w * track; var r = v + 0.5 * w * track;
      // Keep the turn radius when a wheel would exceed its limit: scale both wheels together.
      let peak = max(abs(l), abs(r));
      if (peak > maxWheel) { l = l * (maxWheel / peak); r = r * (maxWheel / peak); }
      commandLeft = l; commandRight = r;
    }
    left = slew(left, clamp(commandLeft, -maxWheel, maxWheel), maxDelta);
    right = slew(right, clamp(commandRight, -maxWheel, maxWheel), maxDelta);
    let speed = 0.5 * (left + right);
    let turn = (right - left) / track;
    // Midpoint heading integrates an arc of constant curvature to second order.
    let mid = yaw + 0.5 * turn * u.dt;
    let midSinCos = preciseSinCos(mid);
    var nextX = x + speed * midSinCos.y * u.dt;
    var nextY = y + speed * midSinCos.x * u.dt;
    var nextYaw = yaw + turn * u.dt;
    if (nextYaw > PI_F32) { nextYaw = nextYaw - 2.0 * PI_F32; } else if (nextYaw < -PI_F32) { nextYaw = nextYaw + 2.0 * PI_F32; }
    ${options.world ? `if (robotBlocked(nextX, nextY, radius)) { nextX = x; nextY = y; left = 0.0; right = 0.0; }` : '_ = radius;'}
    x = nextX; y = nextY; yaw = nextYaw;
  }
  ${at('stateBuffer', R.x)} = x; ${at('stateBuffer', R.y)} = y; ${at('stateBuffer', R.yaw)} = yaw;
  ${at('stateBuffer', R.left)} = left; ${at('stateBuffer', R.right)} = right;
  wheelCommandBuffer[i] = commandLeft; wheelCommandBuffer[u.stride + i] = commandRight;
}
`;
}
