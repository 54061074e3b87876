import { PlaceIndex, WorldIndex, type WorldSpec } from '../../worlds/index.ts';
import type { FleetEvent, FleetFrame, OrderFrame, ParcelFrame, VehicleKind } from './fleet-frame.ts';
import type { DroneCommand, FleetCommand, RobotCommand } from './fleet-commands.ts';
import type { DeliveryOptions } from './delivery-options.ts';
import type { DeliveryMetrics } from './delivery-metrics.ts';

export interface FleetEnvOptions {
  seed: number;
  world: WorldSpec;
  drones: number;
  robots: number;
  delivery?: Partial<DeliveryOptions>;
}

export interface FleetVehicleState {
  id: string;
  kind: VehicleKind;
  position: [number, number, number];
  velocity: [number, number, number];
  attitude: [number, number, number, number];
  yaw: number;
  status: string;
  landed: boolean;
  battery: number;
  cargo: string[];
  payloadKg: number;
  home: string;
}

export type PickUpResult = { ok: true; parcel: string } | { ok: false; reason: string };
export type DropOffResult = { ok: true; parcel: string; delivered: boolean; handoff: boolean } | { ok: false; reason: string };
export interface InboxMessage { from: string; text: string; t: number }
export interface VehicleAnnotation { skill: string | null; target: [number, number, number] | null }

/** A delivery city: drones and ground robots, orders arriving over time, parcels, messages. */
export class FleetEnv {
  readonly world!: WorldIndex;
  readonly places!: PlaceIndex;
  readonly spec!: WorldSpec;
  readonly dt = 0.01;

  static create(options: FleetEnvOptions): FleetEnv {
    void options;
    throw new Error('FleetEnv.create: not implemented yet');
  }

  get step(): number { throw new Error('not implemented'); }
  get t(): number { throw new Error('not implemented'); }
  vehicleIds(): string[] { throw new Error('not implemented'); }
  hasVehicle(id: string): boolean { void id; throw new Error('not implemented'); }
  vehicle(id: string): FleetVehicleState { void id; throw new Error('not implemented'); }
  homeOf(id: string): string { void id; throw new Error('not implemented'); }
  setCommand(id: string, command: DroneCommand | RobotCommand | FleetCommand): void { void id; void command; throw new Error('not implemented'); }
  advance(steps = 1): FleetEvent[] { void steps; throw new Error('not implemented'); }
  pickUp(id: string, parcelId?: string): PickUpResult { void id; void parcelId; throw new Error('not implemented'); }
  dropOff(id: string, parcelId?: string): DropOffResult { void id; void parcelId; throw new Error('not implemented'); }
  say(from: string, to: string, text: string): void { void from; void to; void text; throw new Error('not implemented'); }
  takeInbox(id: string): InboxMessage[] { void id; throw new Error('not implemented'); }
  orders(): OrderFrame[] { throw new Error('not implemented'); }
  parcels(): ParcelFrame[] { throw new Error('not implemented'); }
  assign(orderId: string, vehicleId: string): void { void orderId; void vehicleId; throw new Error('not implemented'); }
  setVehicleAnnotation(id: string, annotation: Partial<VehicleAnnotation>): void { void id; void annotation; throw new Error('not implemented'); }
  frame(): FleetFrame { throw new Error('not implemented'); }
  metrics(): DeliveryMetrics { throw new Error('not implemented'); }
  noteRejectedAction(): void { throw new Error('not implemented'); }
  stateHash(): string { throw new Error('not implemented'); }
}
