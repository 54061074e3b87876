/**
 * The one place where the world's ENU frame (x east, y north, z up) meets three.js' y-up frame.
 * Everything that draws the world lives under `root` and uses ENU coordinates and quaternions as
 * they come; the root's fixed rotation turns the whole world into the scene's frame.
 */
import { Group, Vector3 } from 'three';

export class WorldFrame {
  /** Parent of every world object; its children speak ENU metres. */
  readonly root = new Group();

  constructor() {
    this.root.name = 'world (ENU, z up)';
    // A quarter turn about x: ENU (x, y, z) becomes three.js (x, z, -y).
    this.root.rotation.x = -Math.PI / 2;
    this.root.updateMatrixWorld(true);
  }

  /** An ENU point in scene coordinates (for cameras and controls, which live outside the root). */
  toScene(x: number, y: number, z: number, out = new Vector3()): Vector3 {
    return out.set(x, y, z).applyMatrix4(this.root.matrixWorld);
  }

  /** A scene point back in ENU metres (for picking and the debug handle). */
  toEnu(point: Vector3): [number, number, number] {
    const local = this.root.worldToLocal(point.clone());
    return [local.x, local.y, local.z];
  }
}
