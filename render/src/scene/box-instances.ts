/**
 * Many axis-aligned boxes as one instanced mesh (one draw call): a unit cube with its base at
 * z = 0, scaled and moved per instance. Coordinates are ENU metres (children of the world root).
 */
import { BoxGeometry, Color, InstancedMesh, Matrix4, Quaternion, Vector3, type Material } from 'three';

export interface AxisBox {
  minX: number;
  minY: number;
  minZ: number;
  maxX: number;
  maxY: number;
  maxZ: number;
  color?: string | number;
}

let unitBox: BoxGeometry | null = null;

/** The shared unit box, base on z = 0 (ENU), so a scale of (w, d, h) gives a box standing on the ground. */
export function unitBoxGeometry(): BoxGeometry {
  if (!unitBox) {
    unitBox = new BoxGeometry(1, 1, 1);
    unitBox.translate(0, 0, 0.5);
  }
  return unitBox;
}

export function createBoxInstances(name: string, boxes: readonly AxisBox[], material: Material, fallbackColor = '#ffffff'): InstancedMesh {
  const mesh = new InstancedMesh(unitBoxGeometry(), material, Math.max(boxes.length, 1));
  mesh.name = name;
  mesh.count = boxes.length;
  const matrix = new Matrix4(), position = new Vector3(), scale = new Vector3(), identity = new Quaternion(), color = new Color();
  boxes.forEach((box, i) => {
    position.set((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2, box.minZ);
    scale.set(Math.max(box.maxX - box.minX, 1e-3), Math.max(box.maxY - box.minY, 1e-3), Math.max(box.maxZ - box.minZ, 1e-3));
    mesh.setMatrixAt(i, matrix.compose(position, identity, scale));
    mesh.setColorAt(i, color.set(box.color ?? fallbackColor));
  });
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  mesh.computeBoundingSphere();
  mesh.computeBoundingBox();
  return mesh;
}
