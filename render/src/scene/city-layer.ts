/**
 * The city drawn from its WorldSpec: ground, blocks and sidewalks, roads and bridges, the river,
 * parks, buildings in their colours, depots, pads and no-fly zones. Each kind is one instanced
 * mesh (or one merged mesh), so the draw calls do not grow with the city. Everything is ENU.
 */
import {
  BufferAttribute, BufferGeometry, Color, CylinderGeometry, DoubleSide, Group, InstancedMesh, Matrix4, Mesh, MeshBasicMaterial,
  MeshLambertMaterial, PlaneGeometry, Quaternion, Vector3, type Object3D,
} from 'three';
import { WorldIndex, type WorldSpec } from '../../../worlds/index.ts';
import { GROUND_DRAW_HEIGHT } from './fleet-layer.ts';

/** A depot's yard sits just on the blocks' kerbs, where parked vehicles are drawn (fleet-layer), so it never covers them. */
const DEPOT_YARD_HEIGHT = GROUND_DRAW_HEIGHT; // m
import { createBoxInstances, type AxisBox } from './box-instances.ts';
import { CITY_COLOURS } from './viewer-colours.ts';

/** Something under the pointer that has a name worth showing. */
export interface HoverTarget {
  mesh: Object3D;
  describe(instanceId: number): string | null;
}

export class CityLayer {
  readonly group = new Group();
  readonly buildings: InstancedMesh;
  readonly hoverTargets: HoverTarget[] = [];
  readonly world: WorldSpec;
  private index: WorldIndex | null = null;
  /** Centre and size of the city (ENU), for the default camera. */
  readonly centre: [number, number];
  readonly size: number;

  constructor(world: WorldSpec) {
    this.world = world;
    this.group.name = 'city';
    const { bounds } = world;
    this.centre = [(bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2];
    this.size = Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);

    this.group.add(this.ground());
    this.group.add(createBoxInstances('blocks', world.blocks.map((block) => ({
      minX: block.minX, minY: block.minY, minZ: 0, maxX: block.maxX, maxY: block.maxY, maxZ: 0.15,
      color: block.use === 'water' ? CITY_COLOURS.water : CITY_COLOURS.sidewalk,
    })), lambert()));

    const parks = createBoxInstances('parks', world.parks.map((park) => ({
      minX: park.minX, minY: park.minY, minZ: 0, maxX: park.maxX, maxY: park.maxY, maxZ: 0.3, color: CITY_COLOURS.park,
    })), lambert());
    this.group.add(parks);
    this.hoverTargets.push({ mesh: parks, describe: (i) => world.parks[i] ? `${world.parks[i].name} (park)` : null });

    const roads = this.roads();
    this.group.add(roads);
    const bridgeNames = new Map<number, string>();
    for (const bridge of world.bridges) for (const segment of bridge.roadSegmentIds) bridgeNames.set(segment, bridge.name);
    this.hoverTargets.push({
      mesh: roads,
      describe: (i) => {
        const segment = world.roadSegments[i];
        if (!segment) return null;
        const street = world.streets[segment.streetId]?.name ?? 'road';
        return bridgeNames.has(i) ? `${street} — ${bridgeNames.get(i)}` : street;
      },
    });
    if (world.river) this.group.add(this.river(world.river.centerline, world.river.width));

    this.buildings = createBoxInstances('buildings', world.buildings.map((building) => ({
      minX: building.minX, minY: building.minY, minZ: 0, maxX: building.maxX, maxY: building.maxY, maxZ: building.height, color: building.color,
    })), lambert());
    this.group.add(this.buildings);
    this.hoverTargets.push({
      mesh: this.buildings,
      describe: (i) => {
        const building = world.buildings[i];
        if (!building) return null;
        const address = `${building.address.number} ${building.address.street}`;
        return `${building.name ? `${building.name}, ` : ''}${address} · ${building.height.toFixed(0)} m`;
      },
    });

    const depots = createBoxInstances('depots', world.depots.map((depot) => ({
      minX: depot.minX, minY: depot.minY, minZ: 0, maxX: depot.maxX, maxY: depot.maxY, maxZ: DEPOT_YARD_HEIGHT, color: CITY_COLOURS.depot,
    })), lambert());
    this.group.add(depots);
    this.hoverTargets.push({ mesh: depots, describe: (i) => world.depots[i] ? `${world.depots[i].name} (depot), ${world.depots[i].address.number} ${world.depots[i].address.street}` : null });

    const pads = this.pads();
    this.group.add(pads);
    this.hoverTargets.push({ mesh: pads, describe: (i) => world.pads[i] ? `${world.pads[i].name} (${world.pads[i].kind} pad, ${world.pads[i].z.toFixed(0)} m)` : null });

    const [zoneBoxes, zoneCylinders] = this.noFlyZones();
    this.group.add(zoneBoxes, zoneCylinders);
    const boxZones = world.noFlyZones.filter((zone) => zone.shape === 'box');
    const cylinderZones = world.noFlyZones.filter((zone) => zone.shape === 'cylinder');
    this.hoverTargets.push({ mesh: zoneBoxes, describe: (i) => boxZones[i] ? `${boxZones[i].name} (no-fly zone)` : null });
    this.hoverTargets.push({ mesh: zoneCylinders, describe: (i) => cylinderZones[i] ? `${cylinderZones[i].name} (no-fly zone)` : null });
  }

  /** Top of what stands at (x, y), ENU metres: a roof, a depot's yard, or the ground. */
  surfaceHeightAt(x: number, y: number): number {
    // The world's own building grid (built on first use): the camera asks once a frame.
    this.index ??= new WorldIndex(this.world);
    const building = this.index.buildingFootprintAt(x, y, 0);
    let top = building >= 0 ? this.world.buildings[building].height : 0;
    for (const depot of this.world.depots) {
      if (x >= depot.minX && x <= depot.maxX && y >= depot.minY && y <= depot.maxY) top = Math.max(top, DEPOT_YARD_HEIGHT);
    }
    return top;
  }

  get buildingCount(): number {
    return this.world.buildings.length;
  }

  dispose(): void {
    this.group.traverse((object) => {
      const mesh = object as Mesh;
      if (mesh.geometry && mesh.geometry !== undefined && mesh.geometry.type !== 'BoxGeometry') mesh.geometry.dispose();
      const material = mesh.material as { dispose?: () => void } | undefined;
      material?.dispose?.();
    });
  }

  private ground(): Group {
    const group = new Group();
    const { bounds } = this.world;
    const margin = this.size * 0.6;
    const outside = new Mesh(new PlaneGeometry(this.size + 2 * margin, this.size + 2 * margin), new MeshLambertMaterial({ color: CITY_COLOURS.countryside }));
    outside.position.set(this.centre[0], this.centre[1], -0.05);
    const asphalt = new Mesh(new PlaneGeometry(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY), new MeshLambertMaterial({ color: CITY_COLOURS.asphalt }));
    asphalt.position.set(this.centre[0], this.centre[1], 0);
    outside.name = 'countryside';
    asphalt.name = 'city ground';
    group.add(outside, asphalt);
    return group;
  }

  /** Road segments as thin boxes along their centre lines; bridges raised and lighter. */
  private roads(): InstancedMesh {
    const { world } = this;
    const geometry = new PlaneGeometry(1, 1);
    const mesh = new InstancedMesh(geometry, new MeshLambertMaterial({ side: DoubleSide }), Math.max(world.roadSegments.length, 1));
    mesh.name = 'roads';
    mesh.count = world.roadSegments.length;
    const bridges = new Set(world.bridges.flatMap((bridge) => bridge.roadSegmentIds));
    const matrix = new Matrix4(), position = new Vector3(), scale = new Vector3(), rotation = new Quaternion(), up = new Vector3(0, 0, 1), color = new Color();
    world.roadSegments.forEach((segment, i) => {
      const a = world.intersections[segment.from], b = world.intersections[segment.to];
      const length = Math.hypot(b.x - a.x, b.y - a.y);
      const isBridge = segment.bridge || bridges.has(i);
      position.set((a.x + b.x) / 2, (a.y + b.y) / 2, isBridge ? 1.2 : 0.04);
      rotation.setFromAxisAngle(up, Math.atan2(b.y - a.y, b.x - a.x));
      scale.set(length + segment.width, segment.width, 1);
      mesh.setMatrixAt(i, matrix.compose(position, rotation, scale));
      mesh.setColorAt(i, color.set(isBridge ? CITY_COLOURS.bridge : CITY_COLOURS.road));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    return mesh;
  }

  /** The river: a flat ribbon of its width around the centre line. */
  private river(centerline: { x: number; y: number }[], width: number): Mesh {
    const positions: number[] = [], indices: number[] = [];
    centerline.forEach((point, i) => {
      const before = centerline[Math.max(i - 1, 0)], after = centerline[Math.min(i + 1, centerline.length - 1)];
      const dx = after.x - before.x, dy = after.y - before.y, length = Math.hypot(dx, dy) || 1;
      const nx = (-dy / length) * (width / 2), ny = (dx / length) * (width / 2);
      positions.push(point.x + nx, point.y + ny, 0.08, point.x - nx, point.y - ny, 0.08);
      if (i > 0) {
        const k = 2 * i;
        indices.push(k - 2, k - 1, k, k - 1, k + 1, k);
      }
    });
    const geometry = new BufferGeometry();
    geometry.setAttribute('position', new BufferAttribute(new Float32Array(positions), 3));
    geometry.setIndex(indices);
    geometry.computeVertexNormals();
    const mesh = new Mesh(geometry, new MeshLambertMaterial({ color: CITY_COLOURS.water, side: DoubleSide }));
    mesh.name = 'river';
    return mesh;
  }

  private pads(): InstancedMesh {
    const { world } = this;
    const geometry = new CylinderGeometry(1, 1, 1, 24);
    geometry.rotateX(Math.PI / 2); // three's cylinders stand on y; ours on z (ENU)
    geometry.translate(0, 0, 0.5);
    const mesh = new InstancedMesh(geometry, lambert(), Math.max(world.pads.length, 1));
    mesh.name = 'pads';
    mesh.count = world.pads.length;
    const matrix = new Matrix4(), color = new Color();
    world.pads.forEach((pad, i) => {
      matrix.makeScale(pad.radius, pad.radius, 0.35).setPosition(pad.x, pad.y, pad.z);
      mesh.setMatrixAt(i, matrix);
      mesh.setColorAt(i, color.set(pad.kind === 'rooftop' ? CITY_COLOURS.rooftopPad : CITY_COLOURS.groundPad));
    });
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    return mesh;
  }

  /** No-fly zones as translucent red volumes: boxes and cylinders, one instanced mesh each. */
  private noFlyZones(): [InstancedMesh, InstancedMesh] {
    const zones = this.world.noFlyZones;
    const material = (): MeshBasicMaterial => new MeshBasicMaterial({ color: CITY_COLOURS.noFly, transparent: true, opacity: 0.14, depthWrite: false, side: DoubleSide });
    const boxes: AxisBox[] = [];
    for (const zone of zones) if (zone.shape === 'box') boxes.push({ ...zone });
    const boxMesh = createBoxInstances('no-fly boxes', boxes, material(), CITY_COLOURS.noFly);
    boxMesh.renderOrder = 2;
    const cylinders = zones.filter((zone) => zone.shape === 'cylinder');
    const geometry = new CylinderGeometry(1, 1, 1, 48, 1, true);
    geometry.rotateX(Math.PI / 2);
    geometry.translate(0, 0, 0.5);
    const cylinderMesh = new InstancedMesh(geometry, material(), Math.max(cylinders.length, 1));
    cylinderMesh.name = 'no-fly cylinders';
    cylinderMesh.count = cylinders.length;
    cylinderMesh.renderOrder = 2;
    const matrix = new Matrix4();
    cylinders.forEach((zone, i) => {
      if (zone.shape !== 'cylinder') return;
      cylinderMesh.setMatrixAt(i, matrix.makeScale(zone.radius, zone.radius, zone.maxZ - zone.minZ).setPosition(zone.x, zone.y, zone.minZ));
    });
    cylinderMesh.instanceMatrix.needsUpdate = true;
    cylinderMesh.computeBoundingSphere();
    return [boxMesh, cylinderMesh];
  }
}

function lambert(): MeshLambertMaterial {
  return new MeshLambertMaterial({ color: 0xffffff });
}
