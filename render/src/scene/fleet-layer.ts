/**
 * The fleet: drones tilted by their attitude, robots turned by their heading, parcels and crash
 * markers. One instanced mesh per kind whose capacity doubles when the fleet outgrows it, so the
 * draw calls stay the same for 10 or 10,000 vehicles. Instance matrices hold ENU poses exactly;
 * the visual scale lives in the material.
 */
import {
  BufferAttribute, BufferGeometry, Color, DynamicDrawUsage, Group, InstancedMesh, Line, LineBasicMaterial, Matrix4, Mesh, MeshBasicMaterial, Quaternion,
  RingGeometry, Vector3,
} from 'three';
import type { FleetFrame, ParcelFrame, VehicleFrame } from '../../../sim/index.ts';
import { ScalableLambertMaterial } from './scalable-material.ts';
import { crashMarkerGeometry, distantDroneGeometry, droneGeometry, parcelGeometry, robotGeometry, DRONE_SPAN, PARCEL_SIZE, ROBOT_LENGTH } from './vehicle-geometry.ts';
import { FLEET_COLOURS } from './viewer-colours.ts';

/** Where a vehicle of the current frame is drawn. */
export interface DrawnVehicle {
  frame: VehicleFrame;
  mesh: 'drones' | 'robots';
  slot: number;
  /** Metres the vehicle is drawn above its position (a vehicle on the ground stands on the kerb). */
  lift: number;
}

/** Top of the kerbs that blocks are drawn as (city-layer), and of a depot's yard, m. */
export const GROUND_DRAW_HEIGHT = 0.16;

class InstancedKind {
  mesh: InstancedMesh;
  readonly material: ScalableLambertMaterial;

  constructor(readonly name: string, public geometry: BufferGeometry, private readonly parent: Group) {
    this.material = new ScalableLambertMaterial();
    this.mesh = this.create(64);
  }

  /** Makes room for `count` instances (capacity doubles; the old mesh is released). */
  reserve(count: number): InstancedMesh {
    if (count > this.mesh.instanceMatrix.count) {
      let capacity = this.mesh.instanceMatrix.count;
      while (capacity < count) capacity *= 2;
      this.parent.remove(this.mesh);
      this.mesh.dispose();
      this.mesh = this.create(capacity);
    }
    this.mesh.count = count;
    return this.mesh;
  }

  /** Swaps the shape every instance is drawn with (level of detail); still one draw call. */
  useGeometry(geometry: BufferGeometry): void {
    if (this.geometry === geometry) return;
    this.geometry = geometry;
    this.mesh.geometry = geometry;
  }

  finish(): void {
    this.mesh.instanceMatrix.needsUpdate = true;
    if (this.mesh.instanceColor) this.mesh.instanceColor.needsUpdate = true;
  }

  private create(capacity: number): InstancedMesh {
    const mesh = new InstancedMesh(this.geometry, this.material, capacity);
    mesh.name = this.name;
    mesh.instanceMatrix.setUsage(DynamicDrawUsage);
    mesh.setColorAt(0, new Color(1, 1, 1)); // allocates instanceColor
    mesh.instanceColor!.setUsage(DynamicDrawUsage);
    mesh.count = 0;
    // Vehicles move every frame; culling against a stale bounding sphere would hide them.
    mesh.frustumCulled = false;
    this.parent.add(mesh);
    return mesh;
  }
}

export class FleetLayer {
  readonly group = new Group();
  private readonly drones: InstancedKind;
  private readonly robots: InstancedKind;
  private readonly parcels: InstancedKind;
  private readonly crashes: InstancedKind;
  private readonly drawn = new Map<string, DrawnVehicle>();
  private current: FleetFrame | null = null;
  private readonly matrix = new Matrix4();
  private readonly position = new Vector3();
  private readonly quaternion = new Quaternion();
  private readonly unit = new Vector3(1, 1, 1);
  private readonly colour = new Color();
  /** A ring around the selected vehicle and a stem down to the ground (altitude at a glance). */
  private readonly halo: Mesh;
  private readonly stem: Line;
  private haloSize = 1;
  private readonly droneDetail = { near: droneGeometry(), far: distantDroneGeometry() };

  constructor() {
    this.group.name = 'fleet';
    this.halo = new Mesh(new RingGeometry(0.86, 1, 40), new MeshBasicMaterial({ color: FLEET_COLOURS.selected, transparent: true, opacity: 0.95, depthTest: false }));
    this.halo.renderOrder = 5;
    this.halo.visible = false;
    const stemGeometry = new BufferGeometry();
    stemGeometry.setAttribute('position', new BufferAttribute(new Float32Array(6), 3));
    this.stem = new Line(stemGeometry, new LineBasicMaterial({ color: '#343a40', transparent: true, opacity: 0.7 }));
    this.stem.frustumCulled = false;
    this.stem.visible = false;
    this.group.add(this.halo, this.stem);
    this.drones = new InstancedKind('drones', this.droneDetail.near, this.group);
    this.robots = new InstancedKind('robots', robotGeometry(), this.group);
    this.parcels = new InstancedKind('parcels', parcelGeometry(), this.group);
    this.crashes = new InstancedKind('crash markers', crashMarkerGeometry(), this.group);
  }

  get frame(): FleetFrame | null {
    return this.current;
  }

  get counts(): { drones: number; robots: number; parcels: number; crashes: number } {
    return { drones: this.drones.mesh.count, robots: this.robots.mesh.count, parcels: this.parcels.mesh.count, crashes: this.crashes.mesh.count };
  }

  vehicle(id: string): VehicleFrame | null {
    return this.drawn.get(id)?.frame ?? null;
  }

  /** Sizes on screen: every kind grows to at least `metresAtFocus` × its shape, never below real size. */
  setVisualSize(metresAtFocus: number): void {
    this.drones.material.visualScale.value = Math.max(1, metresAtFocus / DRONE_SPAN);
    // Drawn at more than 6× their size, drones are a few pixels wide: the simple shape reads the same.
    this.drones.useGeometry(this.drones.material.visualScale.value > 6 ? this.droneDetail.far : this.droneDetail.near);
    this.crashes.material.visualScale.value = Math.max(1, (1.6 * metresAtFocus) / DRONE_SPAN);
    this.robots.material.visualScale.value = Math.max(1, (1.1 * metresAtFocus) / ROBOT_LENGTH);
    // Parcels read as half a drone: a cargo box, not a building.
    this.parcels.material.visualScale.value = (0.5 * Math.max(DRONE_SPAN, metresAtFocus)) / PARCEL_SIZE;
    this.haloSize = Math.max(0.12, 0.9 * metresAtFocus);
    this.halo.scale.setScalar(this.haloSize);
  }

  update(frame: FleetFrame, selected: string | null): void {
    this.current = frame;
    this.drawn.clear();
    let droneCount = 0, robotCount = 0, crashCount = 0;
    for (const vehicle of frame.vehicles) {
      if (vehicle.kind === 'drone') droneCount++;
      else robotCount++;
      if (isCrashed(vehicle.status)) crashCount++;
    }
    const drones = this.drones.reserve(droneCount), robots = this.robots.reserve(robotCount);
    const crashes = this.crashes.reserve(crashCount);
    let d = 0, r = 0, c = 0;
    for (const vehicle of frame.vehicles) {
      const [w, x, y, z] = vehicle.attitude;
      // Blocks are drawn as kerbs GROUND_DRAW_HEIGHT high; a vehicle on the ground stands on them, not inside.
      const lift = Math.max(0, GROUND_DRAW_HEIGHT - vehicle.position[2]);
      this.position.set(vehicle.position[0], vehicle.position[1], vehicle.position[2] + lift);
      this.quaternion.set(x, y, z, w);
      if (!(this.quaternion.lengthSq() > 0)) this.quaternion.identity();
      this.matrix.compose(this.position, this.quaternion.normalize(), this.unit);
      const mesh = vehicle.kind === 'drone' ? drones : robots;
      const slot = vehicle.kind === 'drone' ? d++ : r++;
      mesh.setMatrixAt(slot, this.matrix);
      mesh.setColorAt(slot, this.colour.set(vehicleColour(vehicle, vehicle.id === selected)));
      this.drawn.set(vehicle.id, { frame: vehicle, mesh: vehicle.kind === 'drone' ? 'drones' : 'robots', slot, lift });
      if (isCrashed(vehicle.status)) {
        this.matrix.makeTranslation(vehicle.position[0], vehicle.position[1], vehicle.position[2] + 0.05);
        crashes.setMatrixAt(c, this.matrix);
        crashes.setColorAt(c++, this.colour.set(FLEET_COLOURS.crashed));
      }
    }
    const parcels = this.parcels.reserve(frame.parcels.length);
    frame.parcels.forEach((parcel, i) => {
      parcels.setMatrixAt(i, this.matrix.makeTranslation(parcel.position[0], parcel.position[1], parcel.position[2]));
      parcels.setColorAt(i, this.colour.set(parcelColour(parcel)));
    });
    for (const kind of [this.drones, this.robots, this.parcels, this.crashes]) kind.finish();
    this.placeHalo(selected ? this.drawn.get(selected)?.frame ?? null : null);
  }

  private placeHalo(vehicle: VehicleFrame | null): void {
    this.halo.visible = this.stem.visible = vehicle !== null;
    if (!vehicle) return;
    const [x, y, z] = vehicle.position;
    this.halo.position.set(x, y, z);
    const stem = this.stem.geometry.getAttribute('position') as BufferAttribute;
    stem.setXYZ(0, x, y, 0);
    stem.setXYZ(1, x, y, z);
    stem.needsUpdate = true;
    this.stem.visible = z > 1;
  }

  /** Recolours for a new selection without a new frame. */
  select(selected: string | null): void {
    if (this.current) this.update(this.current, selected);
  }

  /** The ENU position drawn for a vehicle, read back from its instance matrix. */
  drawnPosition(id: string): [number, number, number] | null {
    const drawn = this.drawn.get(id);
    if (!drawn) return null;
    const mesh = drawn.mesh === 'drones' ? this.drones.mesh : this.robots.mesh;
    mesh.getMatrixAt(drawn.slot, this.matrix);
    this.position.setFromMatrixPosition(this.matrix);
    return [this.position.x, this.position.y, this.position.z - drawn.lift];
  }

  drawnIds(): string[] {
    return [...this.drawn.keys()];
  }
}

export function isCrashed(status: string): boolean {
  return status.startsWith('crashed') || status === 'out_of_bounds';
}

function vehicleColour(vehicle: VehicleFrame, selected: boolean): string {
  if (selected && vehicle.status === 'ok') return vehicle.kind === 'drone' ? FLEET_COLOURS.droneSelected : FLEET_COLOURS.robotSelected;
  if (isCrashed(vehicle.status)) return FLEET_COLOURS.crashed;
  if (vehicle.status === 'inactive') return FLEET_COLOURS.inactive;
  return vehicle.kind === 'drone' ? FLEET_COLOURS.drone : FLEET_COLOURS.robot;
}

function parcelColour(parcel: ParcelFrame): string {
  if (parcel.state === 'delivered') return '#2f9e44';
  if (parcel.state === 'dropped') return '#c92a2a';
  return FLEET_COLOURS.parcel;
}
