/**
 * The orbit camera and the follow-agent camera. Orbit: drag to turn, right-drag or shift-drag
 * to pan, wheel to zoom. Follow: the orbit's centre rides on the selected agent, so the user can
 * still turn and zoom around it.
 */
import { PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { WorldFrame } from './world-frame.ts';

/** The camera keeps this far above what it would otherwise enter, m (more than the near plane). */
const CAMERA_CLEARANCE = 0.3;

export class CameraRig {
  readonly camera: PerspectiveCamera;
  readonly controls: OrbitControls;
  /** The agent the camera follows, or null for the free orbit. */
  following: string | null = null;
  private readonly frame: WorldFrame;
  private readonly scratch = new Vector3();
  /** Top of the city at an ENU point (roofs, yards, ground); the camera stays above it. */
  surfaceHeight: (x: number, y: number) => number = () => 0;

  constructor(frame: WorldFrame, element: HTMLElement) {
    this.frame = frame;
    this.camera = new PerspectiveCamera(45, 1, 0.05, 30000);
    this.controls = new OrbitControls(this.camera, element);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.15;
    this.controls.screenSpacePanning = false; // pan along the ground, as map users expect
    this.controls.maxPolarAngle = Math.PI * 0.495; // never below the ground
    this.controls.minDistance = 0.5;
    this.controls.maxDistance = 12000;
    this.controls.zoomToCursor = true;
  }

  /** Looks at an ENU box from the south-east, high enough to see it all. */
  frameBox(min: [number, number, number], max: [number, number, number], visibleWidthFraction = 1, visibleHeightFraction = 1): void {
    const centre: [number, number, number] = [(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2];
    const radius = Math.max(40, 0.5 * Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]));
    const tanHalfHeight = Math.tan((this.camera.fov * Math.PI) / 360);
    const halfHeight = Math.atan(tanHalfHeight * visibleHeightFraction);
    const halfWidth = Math.atan(tanHalfHeight * this.camera.aspect * visibleWidthFraction);
    // 1.1: the near corners of a box seen at an angle look larger than its bounding sphere's edge.
    const distance = (1.1 * radius) / Math.sin(Math.min(halfHeight, halfWidth));
    // South-east of the centre, 40° above the horizon.
    const elevation = (40 * Math.PI) / 180, azimuth = (-60 * Math.PI) / 180;
    const offset: [number, number, number] = [
      Math.cos(elevation) * Math.cos(azimuth) * distance,
      Math.cos(elevation) * Math.sin(azimuth) * distance,
      Math.sin(elevation) * distance,
    ];
    this.frame.toScene(centre[0], centre[1], centre[2], this.controls.target);
    this.frame.toScene(centre[0] + offset[0], centre[1] + offset[1], centre[2] + offset[2], this.camera.position);
    this.controls.update();
  }

  /** Starts following an agent: close behind it, 30° above, keeping the current compass direction. */
  follow(id: string, position: [number, number, number], distance = 12): void {
    this.following = id;
    const target = this.frame.toScene(position[0], position[1], position[2], this.scratch.clone());
    const away = this.camera.position.clone().sub(this.controls.target);
    away.y = 0; // scene y is up
    if (away.lengthSq() < 1e-6) away.set(1, 0, 1);
    away.normalize().multiplyScalar(Math.cos(Math.PI / 6)).setY(Math.sin(Math.PI / 6));
    this.controls.target.copy(target);
    this.camera.position.copy(target).addScaledVector(away, distance);
    this.controls.update();
  }

  unfollow(): void {
    this.following = null;
  }

  /** Once per rendered frame: moves the orbit with the followed agent, applies damping. */
  update(followedPosition: [number, number, number] | null): void {
    if (this.following && followedPosition) {
      const target = this.frame.toScene(followedPosition[0], followedPosition[1], followedPosition[2], this.scratch);
      const delta = target.clone().sub(this.controls.target);
      this.controls.target.add(delta);
      this.camera.position.add(delta);
    }
    this.controls.update();
    this.keepAboveSurface();
    // Depth precision follows the view: a near plane far from the camera keeps roads from flickering over blocks.
    const distance = this.focusDistance;
    const near = Math.min(Math.max(0.02, distance * 0.004), 20), far = Math.max(2000, distance * 30);
    if (Math.abs(near - this.camera.near) > 1e-3 * near || far !== this.camera.far) {
      this.camera.near = near;
      this.camera.far = far;
      this.camera.updateProjectionMatrix();
    }
  }

  /** Lifts the camera out of any roof, yard or ground it would sit in (a follow close to a parked drone, a zoom into a tower). */
  private keepAboveSurface(): void {
    const [x, y, z] = this.frame.toEnu(this.camera.position);
    const lowest = this.surfaceHeight(x, y) + CAMERA_CLEARANCE;
    if (z >= lowest) return;
    this.frame.toScene(x, y, lowest, this.camera.position);
    this.camera.lookAt(this.controls.target);
  }

  /** Distance from the camera to what it looks at, metres. */
  get focusDistance(): number {
    return this.camera.position.distanceTo(this.controls.target);
  }

  resize(width: number, height: number): void {
    this.camera.aspect = width / Math.max(height, 1);
    this.camera.updateProjectionMatrix();
  }
}
