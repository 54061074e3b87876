/**
 * Checks on what callers hand a RigidWorld. Each error names the input, the rule it broke and what is accepted,
 * so bad data is refused before it reaches an engine (where it would corrupt the world silently).
 */
import type { BodyShape, Quaternion, Vec3 } from './rigid-world.ts';

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function requireFinite(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${where}: ${name} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

export function requirePositive(where: string, name: string, value: unknown): number {
  const checked = requireFinite(where, name, value);
  if (checked <= 0) throw new RangeError(`${where}: ${name} must be a finite number > 0, got ${checked}`);
  return checked;
}

export function requireNonNegative(where: string, name: string, value: unknown): number {
  const checked = requireFinite(where, name, value);
  if (checked < 0) throw new RangeError(`${where}: ${name} must be a finite number >= 0, got ${checked}`);
  return checked;
}

export function requirePositiveInteger(where: string, name: string, value: unknown): number {
  const checked = requirePositive(where, name, value);
  if (!Number.isInteger(checked)) throw new RangeError(`${where}: ${name} must be a whole number >= 1, got ${checked}`);
  return checked;
}

export function requireVec3(where: string, name: string, value: unknown): Vec3 {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${where}: ${name} must be an object {x, y, z} of finite numbers, got ${describe(value)}`);
  }
  const v = value as Record<string, unknown>;
  return {
    x: requireFinite(where, `${name}.x`, v.x),
    y: requireFinite(where, `${name}.y`, v.y),
    z: requireFinite(where, `${name}.z`, v.z),
  };
}

const ORIGIN: Vec3 = { x: 0, y: 0, z: 0 };

export function optionalVec3(where: string, name: string, value: unknown): Vec3 {
  return value === undefined ? { ...ORIGIN } : requireVec3(where, name, value);
}

/** Normalises the quaternion; rejects non-finite parts and a (near) zero length, which has no rotation. */
export function requireQuaternion(where: string, name: string, value: unknown): Quaternion {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${where}: ${name} must be an object {w, x, y, z} of finite numbers, got ${describe(value)}`);
  }
  const q = value as Record<string, unknown>;
  const w = requireFinite(where, `${name}.w`, q.w);
  const x = requireFinite(where, `${name}.x`, q.x);
  const y = requireFinite(where, `${name}.y`, q.y);
  const z = requireFinite(where, `${name}.z`, q.z);
  const length = Math.hypot(w, x, y, z);
  if (length < 1e-9) throw new RangeError(`${where}: ${name} must be a non-zero quaternion {w, x, y, z}, got length ${length}`);
  return { w: w / length, x: x / length, y: y / length, z: z / length };
}

export function optionalQuaternion(where: string, name: string, value: unknown): Quaternion {
  return value === undefined ? { w: 1, x: 0, y: 0, z: 0 } : requireQuaternion(where, name, value);
}

export function yawQuaternion(yaw: number): Quaternion {
  return { w: Math.cos(yaw / 2), x: 0, y: 0, z: Math.sin(yaw / 2) };
}

export function requireShape(where: string, value: unknown): BodyShape {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${where}: shape must be {kind: 'box', halfExtents} or {kind: 'sphere', radius}, got ${describe(value)}`);
  }
  const shape = value as Record<string, unknown>;
  if (shape.kind === 'box') {
    const h = requireVec3(where, 'shape.halfExtents', shape.halfExtents);
    requirePositive(where, 'shape.halfExtents.x', h.x);
    requirePositive(where, 'shape.halfExtents.y', h.y);
    requirePositive(where, 'shape.halfExtents.z', h.z);
    return { kind: 'box', halfExtents: h };
  }
  if (shape.kind === 'sphere') return { kind: 'sphere', radius: requirePositive(where, 'shape.radius', shape.radius) };
  throw new TypeError(`${where}: shape.kind must be 'box' or 'sphere', got ${describe(shape.kind)}`);
}
