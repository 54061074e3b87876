/**
 * Where a sensor is and where it looks. Sensor frame = body frame FLU: x forward (the optical axis),
 * y left, z up. A pose gives the body-to-world rotation either as a quaternion (w, x, y, z) or as
 * yaw / pitch / roll in radians: yaw turns left from east (counter-clockwise seen from above),
 * pitch > 0 tilts the view up, roll > 0 banks to the right.
 */

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export type SensorPose =
  | { position: Vec3; quaternion: { w: number; x: number; y: number; z: number } }
  | { position: Vec3; yaw: number; pitch?: number; roll?: number };

/** Writes the body-to-world rotation of the pose, row-major, into out[0..8]. */
export function poseRotation(pose: SensorPose, out: Float64Array): void {
  checkFinite(pose.position?.x, 'pose.position.x');
  checkFinite(pose.position?.y, 'pose.position.y');
  checkFinite(pose.position?.z, 'pose.position.z');
  if ('quaternion' in pose) {
    const q = pose.quaternion;
    const norm = Math.hypot(q.w, q.x, q.y, q.z);
    if (!(norm > 0) || !Number.isFinite(norm)) {
      throw new RangeError(`pose.quaternion: must be a non-zero finite quaternion {w, x, y, z} (got ${JSON.stringify(q)})`);
    }
    const w = q.w / norm;
    const x = q.x / norm;
    const y = q.y / norm;
    const z = q.z / norm;
    out[0] = 1 - 2 * (y * y + z * z);
    out[1] = 2 * (x * y - w * z);
    out[2] = 2 * (x * z + w * y);
    out[3] = 2 * (x * y + w * z);
    out[4] = 1 - 2 * (x * x + z * z);
    out[5] = 2 * (y * z - w * x);
    out[6] = 2 * (x * z - w * y);
    out[7] = 2 * (y * z + w * x);
    out[8] = 1 - 2 * (x * x + y * y);
    return;
  }
  const yaw = pose.yaw;
  const pitch = pose.pitch ?? 0;
  const roll = pose.roll ?? 0;
  checkFinite(yaw, 'pose.yaw');
  checkFinite(pitch, 'pose.pitch');
  checkFinite(roll, 'pose.roll');
  // R = Rz(yaw) * Ry(-pitch) * Rx(roll): rotating about +y by -pitch lifts the x axis upward.
  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(-pitch);
  const sp = Math.sin(-pitch);
  const cr = Math.cos(roll);
  const sr = Math.sin(roll);
  out[0] = cy * cp;
  out[1] = cy * sp * sr - sy * cr;
  out[2] = cy * sp * cr + sy * sr;
  out[3] = sy * cp;
  out[4] = sy * sp * sr + cy * cr;
  out[5] = sy * sp * cr - cy * sr;
  out[6] = -sp;
  out[7] = cp * sr;
  out[8] = cp * cr;
}

/** The quaternion (w, x, y, z) of a yaw / pitch / roll pose, for callers that store quaternions. */
export function quaternionFromYawPitchRoll(yaw: number, pitch = 0, roll = 0): { w: number; x: number; y: number; z: number } {
  const hy = yaw / 2;
  const hp = -pitch / 2;
  const hr = roll / 2;
  const cy = Math.cos(hy), sy = Math.sin(hy);
  const cp = Math.cos(hp), sp = Math.sin(hp);
  const cr = Math.cos(hr), sr = Math.sin(hr);
  return {
    w: cy * cp * cr + sy * sp * sr,
    x: cy * cp * sr - sy * sp * cr,
    y: cy * sp * cr + sy * cp * sr,
    z: sy * cp * cr - cy * sp * sr,
  };
}

function checkFinite(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${name}: must be a finite number (got ${String(value)})`);
  }
}
