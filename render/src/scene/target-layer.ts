/**
 * Where vehicles are going: a line from each vehicle to its target with a marker at the target,
 * and the selected agent's skill route (the waypoints its running skill announced). One line
 * buffer and one instanced marker mesh for the whole fleet.
 */
import { BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group, InstancedMesh, Line, LineDashedMaterial, Matrix4, OctahedronGeometry } from 'three';
import type { FleetFrame } from '../../../sim/index.ts';
import { ScalableLambertMaterial } from './scalable-material.ts';
import { DRONE_SPAN } from './vehicle-geometry.ts';
import { FLEET_COLOURS } from './viewer-colours.ts';
import { WideLineSegments } from './wide-line-segments.ts';

export type RoutePoint = [number, number, number];

export class TargetLayer {
  readonly group = new Group();
  readonly lines = new WideLineSegments('target lines', 1.5, 0.75);
  private markers: InstancedMesh;
  private readonly markerMaterial = new ScalableLambertMaterial({ vertexColors: false });
  private readonly markerGeometry = new OctahedronGeometry(DRONE_SPAN * 0.5);
  private readonly route: Line;
  visible = true;

  constructor() {
    this.group.name = 'targets and routes';
    this.markers = this.createMarkers(64);
    this.route = new Line(new BufferGeometry(), new LineDashedMaterial({ color: FLEET_COLOURS.trailSelected, dashSize: 6, gapSize: 3 }));
    this.route.frustumCulled = false;
    this.route.visible = false;
    this.group.add(this.lines.object, this.route);
  }

  setVisualScale(scale: number): void {
    this.markerMaterial.visualScale.value = scale;
  }

  update(frame: FleetFrame, selected: string | null): void {
    const withTarget = this.visible ? frame.vehicles.filter((vehicle) => vehicle.target && (selected === null || frame.vehicles.length <= 300 || vehicle.id === selected)) : [];
    this.lines.reserve(withTarget.length);
    const { positions, colours } = this.lines;
    if (withTarget.length > this.markers.instanceMatrix.count) {
      this.group.remove(this.markers);
      this.markers.dispose();
      this.markers = this.createMarkers(2 * withTarget.length);
    }
    const colour = new Color(), matrix = new Matrix4();
    withTarget.forEach((vehicle, i) => {
      const target = vehicle.target!;
      positions.set(vehicle.position, 6 * i);
      positions.set(target, 6 * i + 3);
      colour.set(vehicle.id === selected ? FLEET_COLOURS.trailSelected : FLEET_COLOURS.target);
      colours.set([colour.r, colour.g, colour.b, colour.r, colour.g, colour.b], 6 * i);
      this.markers.setMatrixAt(i, matrix.makeTranslation(target[0], target[1], target[2]));
      this.markers.setColorAt(i, colour);
    });
    this.markers.count = withTarget.length;
    this.markers.instanceMatrix.needsUpdate = true;
    if (this.markers.instanceColor) this.markers.instanceColor.needsUpdate = true;
    this.lines.setCount(withTarget.length);
  }

  /** The selected agent's skill route, or none. */
  showRoute(points: RoutePoint[] | null): void {
    if (!points || points.length < 2) {
      this.route.visible = false;
      return;
    }
    this.route.geometry.dispose();
    this.route.geometry = new BufferGeometry();
    this.route.geometry.setAttribute('position', new BufferAttribute(new Float32Array(points.flat()), 3));
    this.route.computeLineDistances();
    this.route.visible = true;
  }

  private createMarkers(capacity: number): InstancedMesh {
    const markers = new InstancedMesh(this.markerGeometry, this.markerMaterial, capacity);
    markers.name = 'target markers';
    markers.instanceMatrix.setUsage(DynamicDrawUsage);
    markers.setColorAt(0, new Color(1, 1, 1));
    markers.count = 0;
    markers.frustumCulled = false;
    this.group.add(markers);
    return markers;
  }
}
