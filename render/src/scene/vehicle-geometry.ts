/**
 * Vehicle shapes at their real size, in the body frame (x forward, y left, z up), each merged
 * into one geometry with vertex colours so that a whole fleet of one kind is one draw call.
 */
import { BoxGeometry, BufferAttribute, BufferGeometry, CircleGeometry, CylinderGeometry, PlaneGeometry } from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import { QUADROTOR_ROTORS } from '../../../physics/index.ts';

/** Real sizes (metres) that the visual scale starts from. */
export const DRONE_SPAN = 0.13;
export const ROBOT_LENGTH = 0.7;
export const PARCEL_SIZE = 0.25;

function painted(geometry: BufferGeometry, shade: [number, number, number]): BufferGeometry {
  const count = geometry.getAttribute('position').count;
  const colours = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) colours.set(shade, 3 * i);
  geometry.setAttribute('color', new BufferAttribute(colours, 3));
  return geometry.index ? geometry.toNonIndexed() : geometry;
}

function disc(radius: number, height: number): CylinderGeometry {
  const geometry = new CylinderGeometry(radius, radius, height, 12);
  geometry.rotateX(Math.PI / 2); // three's cylinders stand on y; bodies use z up
  return geometry;
}

/** Front rotors light, back rotors dark; counter-clockwise rotors a little warmer than clockwise ones. */
function rotorShade(x: number, spin: 'ccw' | 'cw'): [number, number, number] {
  const base = x > 0 ? 1.6 : 0.75;
  return spin === 'ccw' ? [base * 1.1, base, base * 0.9] : [base * 0.9, base, base * 1.1];
}

/**
 * A small arrowhead on the outer rim of a rotor disc, pointing the way the rotor turns seen from
 * above, so a close view shows the Crazyflie's spin pattern (M1, M3 counter-clockwise; M2, M4 clockwise).
 */
function spinArrow(x: number, y: number, radius: number, spin: 'ccw' | 'cw', z: number): BufferGeometry {
  const phi = Math.atan2(y, x), turn = spin === 'ccw' ? 1 : -1;
  const rimX = x + radius * Math.cos(phi), rimY = y + radius * Math.sin(phi);
  const tangentX = -Math.sin(phi) * turn, tangentY = Math.cos(phi) * turn;
  const radialX = Math.cos(phi), radialY = Math.sin(phi);
  // Outer corner, tip, inner corner: wound counter-clockwise seen from above whichever way it points.
  const outer = [rimX + 0.25 * radius * radialX, rimY + 0.25 * radius * radialY, z];
  const inner = [rimX - 0.25 * radius * radialX, rimY - 0.25 * radius * radialY, z];
  const tip = [rimX + 0.6 * radius * tangentX, rimY + 0.6 * radius * tangentY, z];
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(new Float32Array(turn > 0 ? [...outer, ...tip, ...inner] : [...inner, ...tip, ...outer]), 3));
  geometry.setAttribute('normal', new BufferAttribute(new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]), 3));
  geometry.setAttribute('uv', new BufferAttribute(new Float32Array(6), 2));
  return painted(geometry, [0.3, 0.3, 0.3]);
}

/**
 * A Crazyflie-sized X quadrotor: body, two crossed arms, four rotor discs, a light nose. About 90
 * triangles: software renderers pay per triangle, and a fleet multiplies it.
 */
export function droneGeometry(): BufferGeometry {
  const arm = DRONE_SPAN * 0.5, rotor = 0.028 * 1.25;
  const parts: BufferGeometry[] = [painted(new BoxGeometry(0.05, 0.035, 0.016), [1, 1, 1])];
  for (const angle of [Math.PI / 4, -Math.PI / 4]) {
    const beam = new BoxGeometry(DRONE_SPAN, 0.008, 0.006);
    beam.rotateZ(angle);
    parts.push(painted(beam, [0.35, 0.35, 0.35]));
  }
  for (const { x: sx, y: sy, spin } of QUADROTOR_ROTORS) {
    const rotorDisc = new CircleGeometry(rotor, 10); // faces up (+z)
    rotorDisc.translate((sx * arm) / Math.SQRT2, (sy * arm) / Math.SQRT2, 0.01);
    parts.push(painted(rotorDisc, rotorShade(sx, spin)));
    parts.push(spinArrow((sx * arm) / Math.SQRT2, (sy * arm) / Math.SQRT2, rotor, spin, 0.0105));
  }
  const nose = new BoxGeometry(0.018, 0.018, 0.01);
  nose.translate(0.032, 0, 0.004);
  parts.push(painted(nose, [2.2, 2.2, 2.2]));
  return mergeGeometries(parts.map((part) => (part.index ? part.toNonIndexed() : part)))!;
}

/** The same drone in 40 triangles, for views where it is drawn many times its size (zoomed out). */
export function distantDroneGeometry(): BufferGeometry {
  const arm = DRONE_SPAN * 0.5, rotor = 0.028 * 1.4;
  const parts: BufferGeometry[] = [painted(new BoxGeometry(0.055, 0.04, 0.02), [1, 1, 1])];
  for (const angle of [Math.PI / 4, -Math.PI / 4]) {
    const beam = new PlaneGeometry(DRONE_SPAN, 0.012);
    beam.rotateZ(angle);
    beam.translate(0, 0, 0.009);
    parts.push(painted(beam, [0.35, 0.35, 0.35]));
  }
  for (const { x: sx, y: sy, spin } of QUADROTOR_ROTORS) {
    const rotorDisc = new CircleGeometry(rotor, 6);
    rotorDisc.translate((sx * arm) / Math.SQRT2, (sy * arm) / Math.SQRT2, 0.011);
    parts.push(painted(rotorDisc, rotorShade(sx, spin)));
  }
  return mergeGeometries(parts.map((part) => (part.index ? part.toNonIndexed() : part)))!;
}

/** A six-wheeled sidewalk robot: body, lid, wheels, a light front. */
export function robotGeometry(): BufferGeometry {
  const body = new BoxGeometry(ROBOT_LENGTH, 0.55, 0.4);
  body.translate(0, 0, 0.32);
  const lid = new BoxGeometry(ROBOT_LENGTH * 0.8, 0.5, 0.08);
  lid.translate(-0.02, 0, 0.56);
  const front = new BoxGeometry(0.04, 0.4, 0.12);
  front.translate(ROBOT_LENGTH / 2 + 0.01, 0, 0.38);
  const parts: BufferGeometry[] = [painted(body, [1, 1, 1]), painted(lid, [1.35, 1.35, 1.35]), painted(front, [2.4, 2.4, 2.4])];
  for (const x of [-0.24, 0, 0.24]) {
    for (const y of [-0.3, 0.3]) {
      const wheel = new CylinderGeometry(0.12, 0.12, 0.08, 10); // axis along y already
      wheel.translate(x, y, 0.12);
      parts.push(painted(wheel, [0.25, 0.25, 0.25]));
    }
  }
  return mergeGeometries(parts.map((part) => (part.index ? part.toNonIndexed() : part)))!;
}

export function parcelGeometry(): BufferGeometry {
  const box = new BoxGeometry(PARCEL_SIZE, PARCEL_SIZE, PARCEL_SIZE * 0.8);
  const band = new BoxGeometry(PARCEL_SIZE * 1.02, 0.04, PARCEL_SIZE * 0.82);
  return mergeGeometries([painted(box, [1, 1, 1]), painted(band, [1.5, 1.4, 1.2])].map((part) => (part.index ? part.toNonIndexed() : part)))!;
}

/** A red X standing where a vehicle crashed, sized like a drone. */
export function crashMarkerGeometry(): BufferGeometry {
  const parts: BufferGeometry[] = [];
  for (const angle of [Math.PI / 4, -Math.PI / 4]) {
    const bar = new BoxGeometry(DRONE_SPAN * 1.6, DRONE_SPAN * 0.3, DRONE_SPAN * 0.3);
    bar.rotateY(angle);
    parts.push(painted(bar, [1, 1, 1]));
  }
  const ring = new CylinderGeometry(DRONE_SPAN * 0.9, DRONE_SPAN * 0.9, DRONE_SPAN * 0.08, 20, 1, true);
  parts.push(painted(ring, [1, 1, 1]));
  return mergeGeometries(parts.map((part) => (part.index ? part.toNonIndexed() : part)))!;
}
