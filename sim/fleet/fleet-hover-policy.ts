import { QUADROTOR_STATE as S, type QuadrotorArrays } from '../../physics/index.ts';
import { NetworkPolicy } from '../policies/network-policy.ts';
import type { PolicyFile } from '../policies/policy-file.ts';
import { FleetInputError } from './fleet-input-error.ts';

/** The policy takes a drone over this close to its point, and this slow (inside the states it was trained on). */
const ENGAGE_DISTANCE = 0.5; // m
const ENGAGE_SPEED = 0.5; // m/s
/** Tilt cosine it takes over below (1 − 2(qx² + qy²) ≥ cos 30°). */
const ENGAGE_UPRIGHT = Math.cos(Math.PI / 6);
/** Farther than this from its point, the policy hands the drone back to the skill's controller. */
const RELEASE_DISTANCE = 1.5; // m
const HOVER_OBSERVATION_SIZE = 17;

/**
 * A trained hover policy flying the fleet's drones where it applies: a drone holding a point in
 * the air (the hover and hold skills) is flown by the network once it is close, slow and upright
 * there (the states the hover task trains on), and handed back to the skill's cascade controller
 * if it strays. Observations are the hover task's: point − position, velocity, attitude, body
 * rates and rotor speeds.
 */
export class FleetHoverPolicy {
  readonly file: PolicyFile;
  private readonly network: NetworkPolicy;
  private readonly observation = new Float32Array(HOVER_OBSERVATION_SIZE);
  private readonly command = new Float32Array(4);

  constructor(file: PolicyFile, fleetParamSet: string) {
    if (file.task !== 'hover') {
      throw new FleetInputError(`policy: trained for the ${file.task} task; accepted: a hover policy (skyline train --task hover)`, 'policy');
    }
    if (file.paramSet !== fleetParamSet) {
      throw new FleetInputError(`policy: trained for the ${file.paramSet} parameter set; the fleet's drones are ${fleetParamSet}; accepted: a policy trained with --params ${fleetParamSet}`, 'policy');
    }
    this.file = file;
    this.network = new NetworkPolicy(file);
  }

  /** Whether the policy should fly drone i toward `point` now, given whether it flew it last step. */
  applies(quad: QuadrotorArrays, i: number, point: readonly number[], engaged: boolean): boolean {
    const n = quad.stride, state = quad.state;
    const ex = point[0] - state[S.px * n + i], ey = point[1] - state[S.py * n + i], ez = point[2] - state[S.pz * n + i];
    const distance = Math.sqrt(ex * ex + ey * ey + ez * ez);
    if (engaged) return distance < RELEASE_DISTANCE;
    const vx = state[S.vx * n + i], vy = state[S.vy * n + i], vz = state[S.vz * n + i];
    const qx = state[S.qx * n + i], qy = state[S.qy * n + i];
    return distance < ENGAGE_DISTANCE && Math.sqrt(vx * vx + vy * vy + vz * vz) < ENGAGE_SPEED && 1 - 2 * (qx * qx + qy * qy) > ENGAGE_UPRIGHT;
  }

  /** The policy's command (its rung's units) for drone i holding `point`. */
  act(quad: QuadrotorArrays, i: number, point: readonly number[]): { rung: PolicyFile['rung']; values: Float32Array } {
    const n = quad.stride, state = quad.state, obs = this.observation;
    for (let k = 0; k < 3; k++) obs[k] = point[k] - state[(S.px + k) * n + i];
    for (let c = 0; c < 14; c++) obs[3 + c] = state[(S.vx + c) * n + i];
    this.network.act(obs, 1, this.command);
    return { rung: this.file.rung, values: this.command };
  }
}
