import {
  BatchArena, CF2X_PARAMS, DEFAULT_QUADROTOR_GAINS, DEFAULT_ROBOT_GAINS, DELIVERY_ROBOT_PARAMS, QUADROTOR_KERNEL_PARAM as K,
  QUADROTOR_STATE as S, ROBOT_STATE as R, VEHICLE_STATUS, VEHICLE_STATUS_NAMES, applyQuadrotorControl, applyRobotControl,
  createQuadrotorStepper, hashTypedArrays, quadrotorArenaFields, robotArenaFields, robotArrays, rowStride, stepGroundRobots,
  writeKernelParams, writeRobotParams, type QuadrotorArrays, type QuadrotorRung, type QuadrotorStepper, type RobotArrays, type RobotRung,
} from '../../physics/index.ts';
import { WorldIndex, type PlaceIndex, type WorldSpec } from '../../worlds/index.ts';
import { DRONE_COLLISION_RADIUS, WorldInTheLoop } from '../world/world-in-the-loop.ts';
import { FLEET_FRAME_VERSION, type FleetEvent, type FleetFrame, type OrderFrame, type ParcelFrame, type VehicleFrame, type VehicleKind } from './fleet-frame.ts';
import { validateFleetCommand, type DroneCommand, type FleetCommand, type NumericCommand, type RobotCommand } from './fleet-commands.ts';
import { resolveDeliveryOptions, type DeliveryOptions } from './delivery-options.ts';
import type { DeliveryMetrics } from './delivery-metrics.ts';
import { DeliveryBook, type Order, type Parcel, type Vec3 } from './delivery-book.ts';
import { DEPOT_CHARGE_PER_S, DRONE_BATTERY_WH, droneElectricalPower, robotElectricalPower } from './drone-energy.ts';
import { FleetInputError } from './fleet-input-error.ts';
import { spawnPoint } from './fleet-spawn.ts';
import { FleetHoverPolicy } from './fleet-hover-policy.ts';
import type { PolicyFile } from '../policies/policy-file.ts';
import { ContactMemory, ROBOT_BODY_HEIGHT } from './fleet-world-rules.ts';

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

/** How close a vehicle must be to a parcel or a drop-off point, m (docs/delivery.md). */
export const REACH_HORIZONTAL = 2;
export const DRONE_REACH_ABOVE = 1.5;
/** Drones closer than this to each other collide. */
export const DRONE_CONTACT_DISTANCE = 0.2;
const MAX_FLEET = 512;
const MAX_PENDING_EVENTS = 10_000;
const TRIM_BATCH = MAX_PENDING_EVENTS / 4;

const MAX_MESSAGE_CHARS = 4000;
const LANDED_SPEED = 0.25; // m/s
/** A drone resting on a roof is held this far above it: just clear of the building for the collision test. */
const ROOF_REST_HEIGHT = DRONE_COLLISION_RADIUS + 0.002;

interface Vehicle {
  id: string;
  kind: VehicleKind;
  /** Row in its kind's arrays. */
  row: number;
  home: string;
  homeDepot: number;
  command: NumericCommand;
  cargo: Parcel[];
  skill: string | null;
  target: [number, number, number] | null;
  inbox: InboxMessage[];
  crashed: boolean;
  batteryEmpty: boolean;
  /** The point a hover policy holds it at (set by holdByPolicy each step, cleared by setCommand). */
  holdPoint: [number, number, number] | null;
  /** The point the policy's engagement refers to (kept across setCommand, so a skill re-setting the same point each step keeps it). */
  policyPoint: [number, number, number] | null;
  /** The hover policy flew it in the last step. */
  policyEngaged: boolean;
}

/** At most the newest MAX_PENDING_EVENTS of a drained queue. */
function newestEvents(events: FleetEvent[]): FleetEvent[] {
  return events.length > MAX_PENDING_EVENTS ? events.slice(events.length - MAX_PENDING_EVENTS) : events;
}

/**
 * A delivery city: Crazyflie-class drones (the batched quadrotor kernel, one arena) and ground
 * robots (the differential-drive model) at depots; orders arriving over time; parcels picked up,
 * handed off at depots and delivered; messages between vehicles. Deterministic from the seed.
 */
export class FleetEnv {
  readonly world: WorldIndex;
  readonly places: PlaceIndex;
  readonly spec: WorldSpec;
  readonly dt = 0.01;
  readonly seed: number;
  readonly options: DeliveryOptions;
  private stepCount = 0;
  private readonly vehicles: Vehicle[] = [];
  private readonly byId = new Map<string, Vehicle>();
  private readonly drones: Vehicle[] = [];
  private readonly robots: Vehicle[] = [];
  private readonly quad: QuadrotorArrays | null;
  private readonly stepper: QuadrotorStepper | null;
  private readonly inTheLoop: WorldInTheLoop | null;
  private readonly droneCommands: Float32Array;
  private readonly droneIntegral: Float32Array;
  private readonly battery: Float64Array;
  private readonly droneEnergyJ: Float64Array;
  private readonly onRoof: Uint8Array;
  /** Drone statuses before the step, to tell which crashed during it. */
  private readonly statusBefore: Uint8Array;
  /** Where each drone resting on the ground or a roof stood before the step (x, y), NaN when airborne. */
  private readonly restingAt: Float64Array;
  private readonly robot: RobotArrays | null;
  private readonly robotCommands: Float32Array;
  /** Robot positions before the step, to undo a blocked move. */
  private readonly robotPrevious: Float32Array;
  private robotEnergyJ = 0;
  private readonly book: DeliveryBook;
  private readonly eventsForAdvance: FleetEvent[] = [];
  private readonly eventsForFrame: FleetEvent[] = [];
  private collisions = 0;
  private rejectedActions = 0;
  /** Contacts of a robot with another robot or a drone, counted when they begin. */
  private robotCollisions = 0;
  private noFlyViolations = 0;
  /** The no-fly zone each drone is in (-1: none), to count entries rather than steps. */
  private readonly droneNoFlyZone: Int16Array;
  private readonly robotRobotContacts: ContactMemory;
  private readonly robotDroneContacts: ContactMemory;
  private hoverPolicy: FleetHoverPolicy | null = null;

  private constructor(options: FleetEnvOptions) {
    checkOptions(options);
    this.seed = options.seed;
    this.spec = options.world;
    this.options = resolveDeliveryOptions(options.delivery ?? {});
    if (this.spec.depots.length === 0) {
      throw new FleetInputError('world: has no depots; a delivery fleet starts at depots (generate the world with depots ≥ 1)', 'world.depots');
    }
    const droneCount = options.drones, robotCount = options.robots;
    if (droneCount > 0) {
      const stride = rowStride(droneCount);
      const arena = BatchArena.create([
        ...quadrotorArenaFields(droneCount),
        { name: 'fleet.droneCommands', kind: 'f32', length: 4 * stride },
        { name: 'fleet.droneIntegral', kind: 'f32', length: 3 * stride },
      ], { shared: false });
      this.stepper = createQuadrotorStepper(arena, droneCount);
      this.quad = this.stepper.arrays;
      this.droneCommands = arena.f32('fleet.droneCommands');
      this.droneIntegral = arena.f32('fleet.droneIntegral');
      this.inTheLoop = new WorldInTheLoop(this.spec, this.quad);
      this.world = this.inTheLoop.index;
    } else {
      this.stepper = null;
      this.quad = null;
      this.inTheLoop = null;
      this.droneCommands = new Float32Array(0);
      this.droneIntegral = new Float32Array(0);
      this.world = new WorldIndex(this.spec);
    }
    this.places = this.world.places;
    this.battery = new Float64Array(droneCount).fill(1);
    this.droneEnergyJ = new Float64Array(droneCount);
    this.onRoof = new Uint8Array(droneCount);
    this.statusBefore = new Uint8Array(droneCount);
    this.restingAt = new Float64Array(2 * droneCount).fill(NaN);
    if (robotCount > 0) {
      const stride = rowStride(robotCount);
      const arena = BatchArena.create([...robotArenaFields(robotCount), { name: 'fleet.robotCommands', kind: 'f32', length: 2 * stride }], { shared: false });
      this.robot = robotArrays(arena, robotCount);
      this.robotCommands = arena.f32('fleet.robotCommands');
    } else {
      this.robot = null;
      this.robotCommands = new Float32Array(0);
    }
    this.robotPrevious = new Float32Array(2 * robotCount);
    this.droneNoFlyZone = new Int16Array(droneCount).fill(-1);
    this.robotRobotContacts = new ContactMemory(robotCount, robotCount);
    this.robotDroneContacts = new ContactMemory(droneCount, robotCount);
    const depots = this.spec.depots;
    const perDepot = depots.map(() => ({ drones: 0, robots: 0 }));
    for (let i = 0; i < droneCount; i++) {
      const depotId = i % depots.length;
      const [x, y] = spawnPoint(depots[depotId], 'drone', perDepot[depotId].drones++);
      this.addVehicle('drone', i, depotId);
      this.spawnDrone(i, x, y);
    }
    for (let i = 0; i < robotCount; i++) {
      const depotId = i % depots.length;
      const [x, y] = spawnPoint(depots[depotId], 'robot', perDepot[depotId].robots++);
      this.addVehicle('robot', i, depotId);
      this.spawnRobot(i, x, y);
    }
    this.book = new DeliveryBook(this.world, this.places, this.options, this.seed);
    const initial: FleetEvent[] = [];
    this.book.start(initial);
    initial.forEach((event) => this.emit(event));
  }

  static create(options: FleetEnvOptions): FleetEnv {
    return new FleetEnv(options);
  }

  get step(): number {
    return this.stepCount;
  }

  get t(): number {
    return this.stepCount * this.dt;
  }

  vehicleIds(): string[] {
    return this.vehicles.map((vehicle) => vehicle.id);
  }

  hasVehicle(id: string): boolean {
    return this.byId.has(id);
  }

  homeOf(id: string): string {
    return this.get(id).home;
  }

  vehicle(id: string): FleetVehicleState {
    const vehicle = this.get(id);
    const pose = this.pose(vehicle);
    return {
      id: vehicle.id, kind: vehicle.kind, position: pose.position, velocity: pose.velocity, attitude: pose.attitude, yaw: pose.yaw,
      status: this.statusName(vehicle), landed: this.isLanded(vehicle), battery: vehicle.kind === 'drone' ? this.battery[vehicle.row] : 1,
      cargo: vehicle.cargo.map((parcel) => parcel.id), payloadKg: payloadOf(vehicle), home: vehicle.home,
    };
  }

  /**
   * Flies drones that hold a point in the air (holdByPolicy) by a trained hover policy where it
   * applies (close, slow and upright at the point); null goes back to the cascade controller.
   * The policy must be a hover policy for the fleet's parameter set (cf2x).
   */
  setHoverPolicy(policy: PolicyFile | null): void {
    this.hoverPolicy = policy ? new FleetHoverPolicy(policy, CF2X_PARAMS.name) : null;
    for (const drone of this.drones) drone.policyEngaged = false;
  }

  get hasHoverPolicy(): boolean {
    return this.hoverPolicy !== null;
  }

  /**
   * Drone `id` holds `point` for the next step: with a hover policy installed the policy flies it
   * there once it applies, otherwise the command already set does. Any later setCommand ends the hold.
   */
  holdByPolicy(id: string, point: readonly [number, number, number]): void {
    const vehicle = this.get(id);
    if (vehicle.kind !== 'drone') throw new FleetInputError(`${id}: holdByPolicy is for drones; ${id} is a ${vehicle.kind}`, 'id');
    const same = vehicle.policyPoint !== null && vehicle.policyPoint.every((v, k) => v === point[k]);
    if (!same) vehicle.policyEngaged = false;
    vehicle.holdPoint = [point[0], point[1], point[2]];
    vehicle.policyPoint = vehicle.holdPoint;
  }

  /** Whether the hover policy flew drone `id` in the last step. */
  flownByPolicy(id: string): boolean {
    return this.get(id).policyEngaged;
  }

  /** Sets what a vehicle does from the next step on; a crashed vehicle accepts commands and ignores them. */
  setCommand(id: string, command: DroneCommand | RobotCommand | FleetCommand): void {
    const vehicle = this.get(id);
    const next = validateFleetCommand(id, vehicle.kind, command, this.pose(vehicle).yaw);
    if (vehicle.kind === 'drone' && next.rung !== vehicle.command.rung && this.quad) {
      // A new rung starts with a clean integrator: error integrated for another setpoint would kick.
      const n = this.quad.stride;
      for (let k = 0; k < 3; k++) this.droneIntegral[k * n + vehicle.row] = 0;
    }
    vehicle.command = next;
    vehicle.holdPoint = null;
  }

  /** Advances `steps` physics steps; returns the events since the previous advance (including pick-ups, drops and messages). */
  advance(steps = 1): FleetEvent[] {
    if (!Number.isInteger(steps) || steps < 0 || steps > 1_000_000) {
      throw new FleetInputError(`steps: ${String(steps)} is not accepted; accepted: a whole number in 0..1000000`, 'steps');
    }
    for (let s = 0; s < steps; s++) this.stepOnce();
    return newestEvents(this.eventsForAdvance.splice(0));
  }

  pickUp(id: string, parcelId?: string): PickUpResult {
    const vehicle = this.get(id);
    if (vehicle.crashed) return { ok: false, reason: `${id} has crashed (${this.statusName(vehicle)}) and can pick nothing up` };
    const candidates = this.book.parcels.filter((parcel) => parcel.state === 'waiting' || parcel.state === 'dropped');
    let parcel: Parcel | undefined;
    if (parcelId !== undefined) {
      parcel = this.book.parcels.find((p) => p.id === parcelId);
      if (!parcel) return { ok: false, reason: `unknown parcel "${String(parcelId)}"; parcels waiting: ${candidates.map((p) => p.id).join(', ') || 'none'}` };
      if (parcel.state === 'carried') return { ok: false, reason: `${parcel.id} is already carried by ${parcel.carriedBy}` };
      if (parcel.state === 'delivered') return { ok: false, reason: `${parcel.id} has already been delivered` };
      if (!this.canReach(vehicle, parcel.position)) {
        return { ok: false, reason: `${parcel.id} is out of reach: ${this.describeDistance(vehicle, parcel.position)} (${this.reachRule(vehicle)})` };
      }
    } else {
      const reachable = candidates.filter((p) => this.canReach(vehicle, p.position));
      const mine = reachable.filter((p) => this.book.orderOf(p).assignedTo === id);
      parcel = nearest(mine.length > 0 ? mine : reachable, this.pose(vehicle).position);
      if (!parcel) {
        const closest = nearest(candidates, this.pose(vehicle).position);
        const hint = closest ? `the nearest waiting parcel, ${closest.id}, is ${this.describeDistance(vehicle, closest.position)}` : 'no parcel is waiting';
        return { ok: false, reason: `no parcel within reach of ${id} (${this.reachRule(vehicle)}); ${hint}` };
      }
    }
    const limit = vehicle.kind === 'drone' ? this.options.droneMaxPayloadKg : this.options.robotMaxPayloadKg;
    const carried = payloadOf(vehicle);
    if (carried + parcel.massKg > limit + 1e-12) {
      return { ok: false, reason: `${parcel.id} weighs ${kg(parcel.massKg)}; ${id} already carries ${kg(carried)} and its payload limit is ${kg(limit)}` };
    }
    const leftBy = parcel.leftBy;
    parcel.state = 'carried';
    parcel.carriedBy = id;
    parcel.leftBy = null;
    vehicle.cargo.push(parcel);
    const order = this.book.orderOf(parcel);
    if (order.state === 'open' || order.state === 'assigned') order.state = 'picked_up';
    this.updateDroneMass(vehicle);
    this.emit({ t: this.t, step: this.step, kind: 'picked_up', agent: id, text: `${id} picked up ${parcel.id}`, data: { parcel: parcel.id, order: order.id } });
    if (leftBy !== null && leftBy !== id) {
      this.book.handoffs++;
      this.emit({ t: this.t, step: this.step, kind: 'handoff', agent: id, text: `${leftBy} handed ${parcel.id} to ${id}`, data: { parcel: parcel.id, order: order.id, from: leftBy, to: id } });
    }
    return { ok: true, parcel: parcel.id };
  }

  dropOff(id: string, parcelId?: string): DropOffResult {
    const vehicle = this.get(id);
    if (vehicle.crashed) return { ok: false, reason: `${id} has crashed (${this.statusName(vehicle)})` };
    if (vehicle.cargo.length === 0) return { ok: false, reason: `${id} carries nothing` };
    let parcel: Parcel | undefined;
    if (parcelId !== undefined) {
      parcel = vehicle.cargo.find((p) => p.id === parcelId);
      if (!parcel) return { ok: false, reason: `${id} does not carry "${String(parcelId)}"; it carries ${vehicle.cargo.map((p) => p.id).join(', ')}` };
    } else {
      parcel = vehicle.cargo.find((p) => this.atDestination(vehicle, this.book.orderOf(p))) ?? vehicle.cargo[0];
    }
    const order = this.book.orderOf(parcel);
    const position = this.pose(vehicle).position;
    if (this.atDestination(vehicle, order)) {
      this.removeCargo(vehicle, parcel);
      const onTime = this.book.deliver(order, id, this.t, [position[0], position[1], this.groundBelow(vehicle)]);
      this.emit({
        t: this.t, step: this.step, kind: 'delivered', agent: id,
        text: `${id} delivered ${parcel.id} to ${order.dropoff}${onTime ? '' : ' (late)'}`,
        data: { parcel: parcel.id, order: order.id, onTime, payout: order.payout, deliveryTimeS: this.t - order.createdAt },
      });
      return { ok: true, parcel: parcel.id, delivered: true, handoff: false };
    }
    const depotId = this.depotAt(vehicle);
    if (depotId >= 0) {
      this.removeCargo(vehicle, parcel);
      parcel.state = 'waiting';
      parcel.leftBy = id;
      parcel.position = [position[0], position[1], 0];
      const depot = this.spec.depots[depotId].name;
      this.emit({ t: this.t, step: this.step, kind: 'left_for_handoff', agent: id, text: `${id} left ${parcel.id} at ${depot} for hand-off`, data: { parcel: parcel.id, order: order.id, depot } });
      return { ok: true, parcel: parcel.id, delivered: false, handoff: true };
    }
    const nearestDepot = this.nearestDepot(position);
    return {
      ok: false,
      reason: `${id} is not at ${order.id}'s drop-off (${order.dropoff}: roof ${this.describeDistance(vehicle, order.dropoffRoof)}, front door ${this.describeDistance(vehicle, order.dropoffDoor)}) nor at a depot (nearest: ${nearestDepot.name}, ${nearestDepot.distance.toFixed(1)} m away)`,
    };
  }

  /** Sends a message; it waits in each recipient's inbox until `takeInbox`. `from` may be a vehicle or any sender name. */
  say(from: string, to: string, text: string): void {
    if (typeof from !== 'string' || from.length === 0 || from.length > 64) throw new FleetInputError(`say.from: must be a name of 1..64 characters; got ${JSON.stringify(from)}`, 'from');
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_MESSAGE_CHARS) {
      throw new FleetInputError(`say.text: must be a string of 1..${MAX_MESSAGE_CHARS} characters; got ${typeof text === 'string' ? `${text.length} characters` : JSON.stringify(text)}`, 'text');
    }
    if (to !== 'all' && !this.byId.has(to)) {
      throw new FleetInputError(`say.to: unknown recipient "${String(to)}"; accepted: all, ${this.vehicleIds().join(', ')}`, 'to', ['all', ...this.vehicleIds()]);
    }
    const recipients = to === 'all' ? this.vehicles.filter((vehicle) => vehicle.id !== from) : [this.get(to)];
    for (const vehicle of recipients) vehicle.inbox.push({ from, text, t: this.t });
    this.emit({ t: this.t, step: this.step, kind: 'say', agent: from, text, data: { to } });
  }

  takeInbox(id: string): InboxMessage[] {
    return this.get(id).inbox.splice(0);
  }

  orders(): OrderFrame[] {
    return this.book.orders.map((order) => this.book.orderFrame(order));
  }

  parcels(): ParcelFrame[] {
    return this.book.parcels.map((parcel) => this.book.parcelFrame(parcel));
  }

  /** Dispatcher bookkeeping: who is meant to take an order (an open order becomes 'assigned'). */
  assign(orderId: string, vehicleId: string): void {
    const order = this.book.orders.find((o) => o.id === orderId);
    if (!order) throw new FleetInputError(`assign: unknown order "${String(orderId)}"; known: ${this.book.orders.map((o) => o.id).join(', ') || 'none'}`, 'order');
    this.get(vehicleId);
    if (order.state === 'delivered') throw new FleetInputError(`assign: ${orderId} has already been delivered`, 'order');
    order.assignedTo = vehicleId;
    if (order.state === 'open') order.state = 'assigned';
    this.emit({ t: this.t, step: this.step, kind: 'assigned', agent: vehicleId, data: { order: orderId } });
  }

  /** What the agents layer says a vehicle is doing, shown in frames. */
  setVehicleAnnotation(id: string, annotation: Partial<VehicleAnnotation>): void {
    const vehicle = this.get(id);
    if (annotation.skill !== undefined) vehicle.skill = annotation.skill;
    if (annotation.target !== undefined) vehicle.target = annotation.target ? [annotation.target[0], annotation.target[1], annotation.target[2]] : null;
  }

  /** What a viewer draws now, with the events since the previous frame() call. */
  frame(): FleetFrame {
    const vehicles: VehicleFrame[] = this.vehicles.map((vehicle) => {
      const state = this.vehicle(vehicle.id);
      return {
        id: state.id, kind: state.kind, position: state.position, attitude: state.attitude, velocity: state.velocity, status: state.status,
        battery: state.battery, cargo: state.cargo, skill: vehicle.skill, target: vehicle.target ? [...vehicle.target] : null,
      };
    });
    return {
      version: FLEET_FRAME_VERSION, step: this.step, t: this.t, vehicles, parcels: this.parcels(), orders: this.orders(),
      metrics: { ...this.metrics() }, events: newestEvents(this.eventsForFrame.splice(0)),
    };
  }

  metrics(): DeliveryMetrics {
    const book = this.book;
    const delivered = book.deliveredOnTime + book.deliveredLate;
    const timedOut = book.timedOutOpen;
    const decided = delivered + timedOut;
    const droneWh = this.droneEnergyJ.reduce((sum, joules) => sum + joules, 0) / 3600;
    const robotWh = this.robotEnergyJ / 3600;
    const net = book.income - book.penalties;
    return {
      delivered, delivered_on_time: book.deliveredOnTime, delivered_late: book.deliveredLate, timed_out: timedOut, open: book.openCount,
      on_time_rate: decided > 0 ? book.deliveredOnTime / decided : 0,
      mean_delivery_time_s: delivered > 0 ? book.deliveryTimeSum / delivered : 0,
      net_income: net, income_per_sim_hour: this.t > 0 ? net / (this.t / 3600) : 0,
      energy_wh: droneWh + robotWh, drone_energy_wh: droneWh, robot_energy_wh: robotWh,
      collisions: this.collisions + this.robotCollisions, robot_collisions: this.robotCollisions, no_fly_violations: this.noFlyViolations, handoffs: book.handoffs, actions_rejected: this.rejectedActions,
      orders_created: book.orders.length, sim_time_s: this.t,
    };
  }

  /** Counts an action the agents layer refused (bad verb, unknown place...), for the metrics. */
  noteRejectedAction(): void {
    this.rejectedActions++;
  }

  /** Fingerprint of vehicle states, batteries, parcels and orders (determinism checks). */
  stateHash(): string {
    const book = this.book;
    const parcelCodes = { waiting: 0, carried: 1, delivered: 2, dropped: 3 } as const;
    const orderCodes = { open: 0, assigned: 1, picked_up: 2, delivered: 3, timed_out: 4 } as const;
    const summary = new Float64Array(2 + book.parcels.length * 6 + book.orders.length * 2);
    let k = 0;
    summary[k++] = this.step;
    summary[k++] = book.orders.length;
    for (const parcel of book.parcels) {
      summary[k++] = parcelCodes[parcel.state];
      summary.set(parcel.position, k);
      k += 3;
      summary[k++] = parcel.carriedBy ? this.vehicles.indexOf(this.get(parcel.carriedBy)) : -1;
      summary[k++] = parcel.massKg;
    }
    for (const order of book.orders) {
      summary[k++] = orderCodes[order.state];
      summary[k++] = order.deliveredAt ?? -1;
    }
    const arrays: ArrayBufferView[] = [summary, this.battery];
    if (this.quad) arrays.push(this.quad.state, this.quad.status);
    if (this.robot) arrays.push(this.robot.state, this.robot.status);
    return hashTypedArrays(arrays);
  }

  // ---- the step ----

  private stepOnce(): void {
    if (this.quad && this.stepper && this.inTheLoop) this.stepDrones(this.quad, this.stepper, this.inTheLoop);
    if (this.robot) this.stepRobots(this.robot);
    if (this.robot) this.detectRobotContacts(this.robot);
    if (this.quad && this.spec.noFlyZones.length > 0) this.detectNoFlyEntries(this.quad);
    this.stepCount++;
    const events: FleetEvent[] = [];
    this.book.advanceTo(this.t, this.step, events);
    events.forEach((event) => this.emit(event));
  }

  private stepDrones(quad: QuadrotorArrays, stepper: QuadrotorStepper, inTheLoop: WorldInTheLoop): void {
    const n = quad.stride, dt = this.dt, count = quad.count;
    const { state, status, motorCommand, params } = quad;
    for (const drone of this.drones) {
      const i = drone.row;
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      const { rung, values } = drone.command;
      if (rung === 'idle' || this.battery[i] <= 0) {
        drone.policyEngaged = false;
        for (let m = 0; m < 4; m++) motorCommand[m * n + i] = 0;
        continue;
      }
      const policy = this.hoverPolicy, point = drone.holdPoint;
      drone.policyEngaged = policy !== null && point !== null && policy.applies(quad, i, point, drone.policyEngaged);
      if (drone.policyEngaged) {
        const command = policy!.act(quad, i, point!);
        this.droneCommands.set(command.values, 4 * i);
        applyQuadrotorControl(command.rung, this.droneCommands, quad, this.droneIntegral, DEFAULT_QUADROTOR_GAINS, i, i + 1, dt);
        continue;
      }
      this.droneCommands.set(values, 4 * i);
      applyQuadrotorControl(rung as QuadrotorRung, this.droneCommands, quad, this.droneIntegral, DEFAULT_QUADROTOR_GAINS, i, i + 1, dt);
    }
    inTheLoop.applyWind(0, count, this.stepCount, dt, params.subarray(K.dragXY * n, (K.dragXY + 1) * n), params.subarray(K.dragZ * n, (K.dragZ + 1) * n));
    const before = this.statusBefore;
    before.set(status.subarray(0, count));
    this.noteResting(quad);
    stepper.step(0, count, dt);
    this.restOnRoofs(quad);
    this.holdResting(quad);
    inTheLoop.afterPhysics(0, count);
    this.detectDroneContacts(quad);
    for (const drone of this.drones) {
      const i = drone.row;
      if (before[i] === VEHICLE_STATUS.ok && status[i] !== VEHICLE_STATUS.ok) this.crash(drone);
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      // Battery: electrical power from the rotors' actual thrusts after this step.
      const c0 = params[K.c0 * n + i], c1 = params[K.c1 * n + i], c2 = params[K.c2 * n + i];
      const thrust = (r: number): number => c0 + (c1 + c2 * r) * r;
      const power = droneElectricalPower(thrust(state[S.r0 * n + i]), thrust(state[S.r1 * n + i]), thrust(state[S.r2 * n + i]), thrust(state[S.r3 * n + i]));
      this.droneEnergyJ[i] += power * dt;
      this.battery[i] = Math.max(0, this.battery[i] - (power * dt) / (DRONE_BATTERY_WH * 3600));
      if (this.battery[i] === 0 && !drone.batteryEmpty) {
        drone.batteryEmpty = true;
        this.emit({ t: this.t + dt, step: this.step + 1, kind: 'battery_empty', agent: drone.id, text: `${drone.id}'s battery is empty; its motors stop` });
      }
      if (this.battery[i] < 1 && this.isLanded(drone) && this.depotAt(drone) >= 0) {
        this.battery[i] = Math.min(1, this.battery[i] + DEPOT_CHARGE_PER_S * dt);
        if (this.battery[i] > 0) drone.batteryEmpty = false;
      }
    }
  }

  /** Remembers where each drone in contact with the ground or a roof stands before the step. */
  private noteResting(quad: QuadrotorArrays): void {
    const { state, status } = quad, n = quad.stride;
    for (let i = 0; i < quad.count; i++) {
      const resting = status[i] === VEHICLE_STATUS.ok && (state[S.pz * n + i] <= 0.005 || this.onRoof[i] === 1);
      this.restingAt[2 * i] = resting ? state[S.px * n + i] : NaN;
      this.restingAt[2 * i + 1] = resting ? state[S.py * n + i] : NaN;
    }
  }

  /**
   * Static friction: a drone that rested before the step and still rests after it stays where it
   * stood. The kernel zeroes a grounded drone's velocity only after the step has moved it, so wind on
   * a parked drone crept it downwind (about 1 m in 10 minutes, into its neighbour's landing spot).
   */
  private holdResting(quad: QuadrotorArrays): void {
    const { state, status } = quad, n = quad.stride;
    for (let i = 0; i < quad.count; i++) {
      const x = this.restingAt[2 * i];
      if (Number.isNaN(x) || status[i] !== VEHICLE_STATUS.ok) continue;
      if (state[S.pz * n + i] > 0.005 && this.onRoof[i] !== 1) continue; // it took off during the step
      state[S.px * n + i] = x;
      state[S.py * n + i] = this.restingAt[2 * i + 1];
    }
  }

  /** Drones that come down gently on a roof rest on it (like the kernel's ground); hard or tilted contact is a crash. */
  private restOnRoofs(quad: QuadrotorArrays): void {
    const { state, status, params } = quad, n = quad.stride;
    for (let i = 0; i < quad.count; i++) {
      this.onRoof[i] = 0;
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      const x = state[S.px * n + i], y = state[S.py * n + i], z = state[S.pz * n + i];
      const building = this.world.buildingFootprintAt(x, y, 0);
      if (building < 0) continue;
      const roof = this.spec.buildings[building].height;
      // Only contact from above: within a step's travel below the rest height.
      if (z >= roof + ROOF_REST_HEIGHT + 0.005 || z < roof - 0.3) continue;
      const vz = state[S.vz * n + i];
      const qx = state[S.qx * n + i], qy = state[S.qy * n + i];
      if (-vz > params[K.crashSpeed * n + i] || 1 - 2 * (qx * qx + qy * qy) < 0.5) {
        status[i] = VEHICLE_STATUS.crashedBuilding;
        continue;
      }
      state[S.pz * n + i] = roof + ROOF_REST_HEIGHT;
      if (vz < 0) state[S.vz * n + i] = 0;
      state[S.vx * n + i] = 0;
      state[S.vy * n + i] = 0;
      state[S.wx * n + i] = 0;
      state[S.wy * n + i] = 0;
      this.onRoof[i] = 1;
    }
  }

  private detectDroneContacts(quad: QuadrotorArrays): void {
    const { state, status } = quad, n = quad.stride, limit = DRONE_CONTACT_DISTANCE * DRONE_CONTACT_DISTANCE;
    for (let i = 0; i < quad.count; i++) {
      if (status[i] !== VEHICLE_STATUS.ok) continue;
      for (let j = i + 1; j < quad.count; j++) {
        if (status[j] !== VEHICLE_STATUS.ok) continue;
        const dx = state[S.px * n + i] - state[S.px * n + j], dy = state[S.py * n + i] - state[S.py * n + j], dz = state[S.pz * n + i] - state[S.pz * n + j];
        if (dx * dx + dy * dy + dz * dz < limit) {
          status[i] = VEHICLE_STATUS.crashedVehicle;
          status[j] = VEHICLE_STATUS.crashedVehicle;
          break;
        }
      }
    }
  }

  private stepRobots(robot: RobotArrays): void {
    const n = robot.stride, dt = this.dt, { state, wheelCommand } = robot;
    const previous = this.robotPrevious;
    for (const vehicle of this.robots) {
      const i = vehicle.row;
      previous[2 * i] = state[R.x * n + i];
      previous[2 * i + 1] = state[R.y * n + i];
      const { rung, values } = vehicle.command;
      if (rung === 'idle') {
        wheelCommand[i] = 0;
        wheelCommand[n + i] = 0;
        continue;
      }
      this.robotCommands[2 * i] = values[0];
      this.robotCommands[2 * i + 1] = values[1];
      applyRobotControl(rung as RobotRung, this.robotCommands, robot, DEFAULT_ROBOT_GAINS, i, i + 1);
    }
    stepGroundRobots(robot, 0, robot.count, dt);
    const { bounds } = this.spec, radius = DELIVERY_ROBOT_PARAMS.radius;
    for (const vehicle of this.robots) {
      const i = vehicle.row, x = state[R.x * n + i], y = state[R.y * n + i];
      const outside = x < bounds.minX + radius || x > bounds.maxX - radius || y < bounds.minY + radius || y > bounds.maxY - radius;
      if (outside || this.world.buildingFootprintAt(x, y, radius) >= 0) {
        // Blocked: stay where it was, wheels stopped, at the edge of the footprint or the world.
        state[R.x * n + i] = previous[2 * i];
        state[R.y * n + i] = previous[2 * i + 1];
        state[R.left * n + i] = 0;
        state[R.right * n + i] = 0;
      }
      const speed = 0.5 * (state[R.left * n + i] + state[R.right * n + i]);
      this.robotEnergyJ += robotElectricalPower(speed) * dt;
    }
  }

  /** Robot–robot and robot–drone contacts (fleet-world-rules.ts): events and counts; an airborne drone hit by a robot crashes. */
  private detectRobotContacts(robot: RobotArrays): void {
    const n = robot.stride, { state, status } = robot, radius = DELIVERY_ROBOT_PARAMS.radius;
    for (const a of this.robots) {
      if (status[a.row] !== VEHICLE_STATUS.ok) continue;
      const ax = state[R.x * n + a.row], ay = state[R.y * n + a.row];
      for (const b of this.robots) {
        if (b.row <= a.row || status[b.row] !== VEHICLE_STATUS.ok) continue;
        const dx = ax - state[R.x * n + b.row], dy = ay - state[R.y * n + b.row];
        if (this.robotRobotContacts.begins(a.row, b.row, dx * dx + dy * dy < 4 * radius * radius)) {
          this.robotCollisions++;
          this.emit({ t: this.t + this.dt, step: this.step + 1, kind: 'collision', agent: a.id, text: `${a.id} collided with ${b.id}`, data: { with: b.id, position: [ax, ay, 0] } });
        }
      }
      if (!this.quad) continue;
      const q = this.quad, m = q.stride, reach = radius + DRONE_COLLISION_RADIUS;
      for (const drone of this.drones) {
        const i = drone.row;
        const airborne = q.status[i] === VEHICLE_STATUS.ok && !this.isLanded(drone);
        const dx = ax - q.state[S.px * m + i], dy = ay - q.state[S.py * m + i], z = q.state[S.pz * m + i];
        const touching = airborne && z < ROBOT_BODY_HEIGHT + DRONE_COLLISION_RADIUS && dx * dx + dy * dy < reach * reach;
        if (!this.robotDroneContacts.begins(a.row, i, touching)) continue;
        this.robotCollisions++;
        this.emit({ t: this.t + this.dt, step: this.step + 1, kind: 'collision', agent: a.id, text: `${a.id} hit ${drone.id}`, data: { with: drone.id, position: [ax, ay, 0] } });
        q.status[i] = VEHICLE_STATUS.crashedVehicle;
        this.crash(drone);
      }
    }
  }

  /** A drone entering a no-fly zone is a violation: one event and one count per entry. */
  private detectNoFlyEntries(quad: QuadrotorArrays): void {
    const n = quad.stride, zones = this.spec.noFlyZones;
    for (const drone of this.drones) {
      const i = drone.row;
      const zone = quad.status[i] === VEHICLE_STATUS.ok ? this.world.noFlyZoneAt(quad.state[S.px * n + i], quad.state[S.py * n + i], quad.state[S.pz * n + i]) : -1;
      if (zone >= 0 && zone !== this.droneNoFlyZone[i]) {
        this.noFlyViolations++;
        this.emit({
          t: this.t + this.dt, step: this.step + 1, kind: 'no_fly_violation', agent: drone.id, text: `${drone.id} entered the no-fly zone ${zones[zone].name}`,
          data: { zone: zones[zone].name, position: [quad.state[S.px * n + i], quad.state[S.py * n + i], quad.state[S.pz * n + i]] },
        });
      }
      this.droneNoFlyZone[i] = zone;
    }
  }

  private crash(vehicle: Vehicle): void {
    vehicle.crashed = true;
    this.collisions++;
    const reason = this.statusName(vehicle);
    const position = this.pose(vehicle).position;
    for (const parcel of vehicle.cargo) {
      parcel.state = 'dropped';
      parcel.carriedBy = null;
      parcel.position = [position[0], position[1], this.groundBelow(vehicle)];
    }
    const lost = vehicle.cargo.map((parcel) => parcel.id);
    vehicle.cargo = [];
    this.updateDroneMass(vehicle);
    this.emit({
      t: this.t + this.dt, step: this.step + 1, kind: 'crash', agent: vehicle.id, text: `${vehicle.id} crashed: ${reason}`,
      data: { reason, position, droppedParcels: lost },
    });
  }

  // ---- helpers ----

  private addVehicle(kind: VehicleKind, row: number, depotId: number): void {
    const vehicle: Vehicle = {
      id: `${kind}-${row + 1}`, kind, row, home: this.spec.depots[depotId].name, homeDepot: depotId, command: { rung: 'idle', values: [0, 0, 0, 0] }, holdPoint: null, policyPoint: null, policyEngaged: false,
      cargo: [], skill: null, target: null, inbox: [], crashed: false, batteryEmpty: false,
    };
    this.vehicles.push(vehicle);
    this.byId.set(vehicle.id, vehicle);
    (kind === 'drone' ? this.drones : this.robots).push(vehicle);
  }

  private spawnDrone(i: number, x: number, y: number): void {
    const quad = this.quad!, n = quad.stride;
    writeKernelParams(CF2X_PARAMS, quad.params, n, i);
    for (let c = 0; c < 17; c++) quad.state[c * n + i] = 0;
    quad.state[S.px * n + i] = x;
    quad.state[S.py * n + i] = y;
    quad.state[S.qw * n + i] = 1;
    quad.status[i] = VEHICLE_STATUS.ok;
  }

  private spawnRobot(i: number, x: number, y: number): void {
    const robot = this.robot!, n = robot.stride;
    writeRobotParams(DELIVERY_ROBOT_PARAMS, robot.params, n, i);
    robot.state[R.x * n + i] = x;
    robot.state[R.y * n + i] = y;
    robot.status[i] = VEHICLE_STATUS.ok;
  }

  private get(id: string): Vehicle {
    const vehicle = typeof id === 'string' ? this.byId.get(id) : undefined;
    if (!vehicle) throw new FleetInputError(`unknown vehicle ${JSON.stringify(id)}; known: ${this.vehicleIds().join(', ')}`, 'vehicle', this.vehicleIds());
    return vehicle;
  }

  private emit(event: FleetEvent): void {
    for (const queue of [this.eventsForAdvance, this.eventsForFrame]) {
      queue.push(event);
      // Nobody reading one of the queues must not grow memory without bound: keep the newest,
      // trimming in batches so a full queue does not cost a shift of every element per event.
      if (queue.length > MAX_PENDING_EVENTS + TRIM_BATCH) queue.splice(0, queue.length - MAX_PENDING_EVENTS);
    }
  }

  private pose(vehicle: Vehicle): { position: Vec3; velocity: Vec3; attitude: [number, number, number, number]; yaw: number } {
    if (vehicle.kind === 'drone') {
      const { state, stride: n } = this.quad!, i = vehicle.row;
      const at = (c: number): number => state[c * n + i];
      const qw = at(S.qw), qx = at(S.qx), qy = at(S.qy), qz = at(S.qz);
      return {
        position: [at(S.px), at(S.py), at(S.pz)], velocity: [at(S.vx), at(S.vy), at(S.vz)], attitude: [qw, qx, qy, qz],
        yaw: Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz)),
      };
    }
    const { state, stride: n } = this.robot!, i = vehicle.row;
    const yaw = state[R.yaw * n + i], speed = 0.5 * (state[R.left * n + i] + state[R.right * n + i]);
    return {
      position: [state[R.x * n + i], state[R.y * n + i], 0], velocity: [speed * Math.cos(yaw), speed * Math.sin(yaw), 0],
      attitude: [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)], yaw,
    };
  }

  private statusName(vehicle: Vehicle): string {
    const status = vehicle.kind === 'drone' ? this.quad!.status[vehicle.row] : this.robot!.status[vehicle.row];
    return VEHICLE_STATUS_NAMES[status] ?? 'unknown';
  }

  private isLanded(vehicle: Vehicle): boolean {
    if (vehicle.kind === 'robot') return true;
    const { state, stride: n } = this.quad!, i = vehicle.row;
    const speed = Math.hypot(state[S.vx * n + i], state[S.vy * n + i], state[S.vz * n + i]);
    return (state[S.pz * n + i] <= 0.005 || this.onRoof[i] === 1) && speed < LANDED_SPEED;
  }

  /** Height of the surface under a vehicle: a roof when it rests on one or hovers over it, else the ground. */
  private groundBelow(vehicle: Vehicle): number {
    if (vehicle.kind === 'robot') return 0;
    const [x, y, z] = this.pose(vehicle).position;
    const building = this.world.buildingFootprintAt(x, y, 0);
    const roof = building >= 0 ? this.spec.buildings[building].height : 0;
    return roof <= z ? roof : 0;
  }

  private canReach(vehicle: Vehicle, point: Vec3): boolean {
    const [x, y, z] = this.pose(vehicle).position;
    if (Math.hypot(x - point[0], y - point[1]) > REACH_HORIZONTAL) return false;
    if (vehicle.kind === 'robot') return point[2] <= 0.5;
    const above = z - point[2];
    return above >= -0.5 && above <= DRONE_REACH_ABOVE + ROOF_REST_HEIGHT;
  }

  private reachRule(vehicle: Vehicle): string {
    return vehicle.kind === 'drone'
      ? `a drone reaches within ${REACH_HORIZONTAL} m horizontally, landed or up to ${DRONE_REACH_ABOVE} m above`
      : `a robot reaches within ${REACH_HORIZONTAL} m on the ground`;
  }

  private describeDistance(vehicle: Vehicle, point: Vec3): string {
    const [x, y, z] = this.pose(vehicle).position;
    return `${Math.hypot(x - point[0], y - point[1]).toFixed(1)} m away horizontally, ${(z - point[2]).toFixed(1)} m above`;
  }

  /** At the order's drop-off: over its building's roof (drones) or at its front door (either kind). */
  private atDestination(vehicle: Vehicle, order: Order): boolean {
    if (this.canReach(vehicle, order.dropoffDoor)) return true;
    if (vehicle.kind === 'robot') return false;
    const [x, y, z] = this.pose(vehicle).position;
    const building = this.spec.buildings[order.dropoffBuildingId];
    const margin = 0.5, above = z - building.height;
    return x >= building.minX - margin && x <= building.maxX + margin && y >= building.minY - margin && y <= building.maxY + margin &&
      above >= -0.5 && above <= DRONE_REACH_ABOVE + ROOF_REST_HEIGHT;
  }

  /** The depot whose yard (plus 1 m) the vehicle is in, near the ground; -1 otherwise. */
  private depotAt(vehicle: Vehicle): number {
    const [x, y, z] = this.pose(vehicle).position;
    if (z > DRONE_REACH_ABOVE + ROOF_REST_HEIGHT) return -1;
    return this.spec.depots.findIndex((d) => x >= d.minX - 1 && x <= d.maxX + 1 && y >= d.minY - 1 && y <= d.maxY + 1);
  }

  private nearestDepot(position: Vec3): { name: string; distance: number } {
    let best = { name: '', distance: Infinity };
    for (const depot of this.spec.depots) {
      const distance = Math.hypot(position[0] - depot.x, position[1] - depot.y);
      if (distance < best.distance) best = { name: depot.name, distance };
    }
    return best;
  }

  private removeCargo(vehicle: Vehicle, parcel: Parcel): void {
    vehicle.cargo = vehicle.cargo.filter((p) => p !== parcel);
    parcel.carriedBy = null;
    this.updateDroneMass(vehicle);
  }

  /** Carried parcels add to the drone's mass in the dynamics and the controller alike. */
  private updateDroneMass(vehicle: Vehicle): void {
    if (vehicle.kind !== 'drone' || !this.quad) return;
    writeKernelParams({ ...CF2X_PARAMS, mass: CF2X_PARAMS.mass + payloadOf(vehicle) }, this.quad.params, this.quad.stride, vehicle.row);
  }
}

function payloadOf(vehicle: { cargo: Parcel[] }): number {
  return vehicle.cargo.reduce((sum, parcel) => sum + parcel.massKg, 0);
}

function nearest(parcels: Parcel[], position: Vec3): Parcel | undefined {
  let best: Parcel | undefined, bestDistance = Infinity;
  for (const parcel of parcels) {
    const distance = Math.hypot(parcel.position[0] - position[0], parcel.position[1] - position[1], parcel.position[2] - position[2]);
    if (distance < bestDistance) {
      best = parcel;
      bestDistance = distance;
    }
  }
  return best;
}

function kg(mass: number): string {
  return `${(mass * 1000).toFixed(1)} g`;
}

function checkOptions(options: FleetEnvOptions): void {
  if (options === null || typeof options !== 'object') throw new FleetInputError('FleetEnv options: expected an object {seed, world, drones, robots, delivery?}', 'options');
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new FleetInputError(`seed: ${String(options.seed)} is not accepted; accepted: a whole number in 0..4294967295`, 'seed');
  }
  if (!options.world || typeof options.world !== 'object' || !Array.isArray(options.world.buildings)) {
    throw new FleetInputError('world: expected a WorldSpec (generateWorld or parseWorldSpec makes one)', 'world');
  }
  for (const key of ['drones', 'robots'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 0 || value > MAX_FLEET) {
      throw new FleetInputError(`${key}: ${String(value)} is not accepted; accepted: a whole number in 0..${MAX_FLEET}`, key);
    }
  }
  if (options.drones + options.robots === 0) throw new FleetInputError('drones + robots: a fleet needs at least one vehicle', 'drones');
}
