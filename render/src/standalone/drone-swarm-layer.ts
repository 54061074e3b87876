import { Color, InstancedMesh, Matrix4, MeshLambertMaterial, Quaternion, Vector3 } from 'three';
import { QUADROTOR_STATE as S } from '../../../physics/index.ts';
import { FLEET_COLOURS } from '../scene/viewer-colours.ts';
import { distantDroneGeometry } from '../scene/vehicle-geometry.ts';

/** Every drone of the swarm as one instanced mesh, posed from the component-major state rows. */
export class DroneSwarmLayer {
  readonly mesh: InstancedMesh;
  private readonly matrix = new Matrix4();
  private readonly position = new Vector3();
  private readonly attitude = new Quaternion();
  private readonly scale: Vector3;

  constructor(readonly count: number, drawScale: number) {
    const material = new MeshLambertMaterial({ color: new Color(FLEET_COLOURS.drone), vertexColors: true });
    this.mesh = new InstancedMesh(distantDroneGeometry(), material, count);
    this.mesh.name = `swarm of ${count} drones`;
    this.mesh.frustumCulled = false;
    this.scale = new Vector3(drawScale, drawScale, drawScale);
  }

  /** Poses every instance from the state (ENU; the parent WorldFrame turns it into the scene's frame). */
  update(state: Float32Array, stride: number): void {
    for (let i = 0; i < this.count; i++) {
      this.position.set(state[S.px * stride + i], state[S.py * stride + i], state[S.pz * stride + i]);
      this.attitude.set(state[S.qx * stride + i], state[S.qy * stride + i], state[S.qz * stride + i], state[S.qw * stride + i]);
      this.matrix.compose(this.position, this.attitude, this.scale);
      this.mesh.setMatrixAt(i, this.matrix);
    }
    this.mesh.instanceMatrix.needsUpdate = true;
  }
}
