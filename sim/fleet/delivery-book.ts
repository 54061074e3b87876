import { SeededRng, mixSeeds } from '../../physics/index.ts';
import type { PlaceIndex, WorldIndex } from '../../worlds/index.ts';
import type { DeliveryOptions } from './delivery-options.ts';
import type { FleetEvent, OrderFrame, ParcelFrame } from './fleet-frame.ts';

export type Vec3 = [number, number, number];

export interface Parcel {
  id: string;
  orderId: string;
  massKg: number;
  state: ParcelFrame['state'];
  position: Vec3;
  carriedBy: string | null;
  /** The vehicle that left it at a depot for another to take (a hand-off in progress). */
  leftBy: string | null;
}

export interface Order {
  id: string;
  parcel: Parcel;
  pickup: string;
  pickupPosition: Vec3;
  dropoff: string;
  dropoffBuildingId: number;
  /** Roof centre (drones) and front door (robots, or drones on the ground). */
  dropoffRoof: Vec3;
  dropoffDoor: Vec3;
  createdAt: number;
  deadline: number;
  payout: number;
  state: OrderFrame['state'];
  assignedTo: string | null;
  deliveredAt: number | null;
  deliveredBy: string | null;
  /** The deadline passed before delivery (the late penalty is charged once). */
  missedDeadline: boolean;
}

/** Random streams of the delivery task, apart from the vehicles' so that fleet size does not change the orders. */
const ORDER_STREAM = 0x0d0e;
/** Parcels wait at a depot on a grid of this many slots, this far apart, south of its centre. */
const DEPOT_SLOT_COLUMNS = 4;
const DEPOT_SLOT_ROWS = 4;
const DEPOT_SLOT_SPACING = 1.5; // m

/**
 * Orders and their parcels: seeded Poisson arrivals, deadlines, deliveries and the money.
 * Pickups are at depots (parcels wait on a slot grid in the yard) or at a building's front
 * door; drop-offs are buildings whose roof is outside every no-fly zone.
 */
export class DeliveryBook {
  readonly orders: Order[] = [];
  readonly parcels: Parcel[] = [];
  private readonly rng: SeededRng;
  private readonly dropoffCandidates: number[];
  private readonly depotSlotCounters: number[];
  private nextArrivalT: number;
  deliveredOnTime = 0;
  deliveredLate = 0;
  deliveryTimeSum = 0;
  income = 0;
  penalties = 0;
  handoffs = 0;

  constructor(private readonly world: WorldIndex, private readonly places: PlaceIndex, readonly options: DeliveryOptions, seed: number) {
    this.rng = new SeededRng(mixSeeds(seed, ORDER_STREAM));
    const spec = world.spec;
    this.dropoffCandidates = spec.buildings
      .filter((b) => b.height < spec.bounds.ceiling - 10 && world.noFlyZoneAt((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2, b.height + 1) < 0)
      .map((b) => b.id);
    this.depotSlotCounters = spec.depots.map(() => 0);
    this.nextArrivalT = this.drawInterArrival(0);
  }

  /** Creates the initial orders at t = 0. */
  start(events: FleetEvent[]): void {
    for (let k = 0; k < this.options.initialOrders; k++) this.createOrder(0, 0, events);
  }

  /** Creates the orders that arrived by time t and marks deadlines that passed. */
  advanceTo(t: number, step: number, events: FleetEvent[]): void {
    while (this.nextArrivalT <= t) {
      this.createOrder(this.nextArrivalT, step, events);
      this.nextArrivalT = this.drawInterArrival(this.nextArrivalT);
    }
    for (const order of this.orders) {
      if (order.missedDeadline || order.state === 'delivered' || t <= order.deadline) continue;
      order.missedDeadline = true;
      order.state = 'timed_out';
      this.penalties += this.options.latePenalty;
      events.push({ t, step, kind: 'order_timed_out', agent: order.assignedTo ?? undefined, data: { order: order.id, parcel: order.parcel.id, deadline: order.deadline } });
    }
  }

  orderOf(parcel: Parcel): Order {
    return this.orders[Number(parcel.orderId.slice('order-'.length)) - 1];
  }

  /** Marks a parcel's order delivered at time t by `vehicle`; returns whether it was on time. */
  deliver(order: Order, vehicle: string, t: number, position: Vec3): boolean {
    const onTime = !order.missedDeadline;
    order.state = 'delivered';
    order.deliveredAt = t;
    order.deliveredBy = vehicle;
    order.parcel.state = 'delivered';
    order.parcel.carriedBy = null;
    order.parcel.position = position;
    this.income += order.payout;
    this.deliveryTimeSum += t - order.createdAt;
    if (onTime) this.deliveredOnTime++;
    else this.deliveredLate++;
    return onTime;
  }

  get timedOutOpen(): number {
    return this.orders.reduce((count, order) => count + (order.state === 'timed_out' ? 1 : 0), 0);
  }

  get openCount(): number {
    return this.orders.reduce((count, order) => count + (order.state !== 'delivered' && order.state !== 'timed_out' ? 1 : 0), 0);
  }

  orderFrame(order: Order): OrderFrame {
    return {
      id: order.id, parcelId: order.parcel.id, pickup: order.pickup, dropoff: order.dropoff, createdAt: order.createdAt,
      deadline: order.deadline, payout: order.payout, state: order.state, assignedTo: order.assignedTo,
      parcelMassKg: order.parcel.massKg, pickupPosition: [...order.pickupPosition], dropoffPosition: [...order.dropoffRoof],
      dropoffGroundPosition: [...order.dropoffDoor], deliveredAt: order.deliveredAt,
    };
  }

  parcelFrame(parcel: Parcel): ParcelFrame {
    return {
      id: parcel.id, position: [...parcel.position], state: parcel.state, carriedBy: parcel.carriedBy, orderId: parcel.orderId,
      massKg: parcel.massKg,
    };
  }

  private drawInterArrival(from: number): number {
    const rate = this.options.orderRatePerHour / 3600;
    if (rate <= 0) return Infinity;
    return from - Math.log(1 - this.rng.next()) / rate;
  }

  private createOrder(t: number, step: number, events: FleetEvent[]): void {
    const { options, rng, world } = this;
    const spec = world.spec;
    if (this.orders.length >= options.maxOrders || this.dropoffCandidates.length === 0) return;
    // Every order draws the same numbers in the same order, whatever branch it takes: streams stay aligned.
    const atBuilding = rng.next() < options.buildingPickupShare || spec.depots.length === 0;
    const depotId = rng.int(Math.max(1, spec.depots.length));
    const pickupBuilding = spec.buildings[rng.int(spec.buildings.length)];
    let dropoffId = this.dropoffCandidates[rng.int(this.dropoffCandidates.length)];
    if (atBuilding && dropoffId === pickupBuilding.id && this.dropoffCandidates.length > 1) {
      dropoffId = this.dropoffCandidates[(this.dropoffCandidates.indexOf(dropoffId) + 1) % this.dropoffCandidates.length];
    }
    const massKg = rng.uniform(options.parcelMassKg[0], options.parcelMassKg[1]);
    const deadline = t + options.meanDeadlineS * rng.uniform(0.5, 1.5);
    const number = this.orders.length + 1;
    let pickup: string, pickupPosition: Vec3;
    if (atBuilding) {
      pickup = this.places.building(pickupBuilding.id).name;
      pickupPosition = [pickupBuilding.entrance.x, pickupBuilding.entrance.y, 0];
    } else {
      const depot = spec.depots[depotId];
      pickup = depot.name;
      pickupPosition = this.depotSlot(depotId);
    }
    const dropoffPlace = this.places.building(dropoffId);
    const building = spec.buildings[dropoffId];
    const parcel: Parcel = { id: `parcel-${number}`, orderId: `order-${number}`, massKg, state: 'waiting', position: pickupPosition, carriedBy: null, leftBy: null };
    const order: Order = {
      id: `order-${number}`, parcel, pickup, pickupPosition: [...pickupPosition], dropoff: dropoffPlace.name, dropoffBuildingId: dropoffId,
      dropoffRoof: [(building.minX + building.maxX) / 2, (building.minY + building.maxY) / 2, building.height],
      dropoffDoor: [building.entrance.x, building.entrance.y, 0],
      createdAt: t, deadline, payout: options.payoutPerOrder, state: 'open', assignedTo: null, deliveredAt: null, deliveredBy: null, missedDeadline: false,
    };
    this.orders.push(order);
    this.parcels.push(parcel);
    events.push({
      t, step, kind: 'order_created',
      text: `${order.id}: ${parcel.id} (${(massKg * 1000).toFixed(1)} g) from ${pickup} to ${order.dropoff} by t = ${deadline.toFixed(0)} s`,
      data: { order: order.id, parcel: parcel.id, pickup, dropoff: order.dropoff, deadline, payout: order.payout, massKg },
    });
  }

  /** The next free-ish waiting spot in a depot's yard (slots are reused round-robin). */
  depotSlot(depotId: number): Vec3 {
    const depot = this.world.spec.depots[depotId];
    const slot = this.depotSlotCounters[depotId]++ % (DEPOT_SLOT_COLUMNS * DEPOT_SLOT_ROWS);
    const column = slot % DEPOT_SLOT_COLUMNS, row = Math.floor(slot / DEPOT_SLOT_COLUMNS);
    const x = depot.x + (column - (DEPOT_SLOT_COLUMNS - 1) / 2) * DEPOT_SLOT_SPACING;
    const y = depot.y - 6 - row * DEPOT_SLOT_SPACING;
    return [clamp(x, depot.minX + 0.5, depot.maxX - 0.5), clamp(y, depot.minY + 0.5, depot.maxY - 0.5), 0];
  }
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
