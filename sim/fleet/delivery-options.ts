/** The rules of the delivery task: how often orders come, how long they may take, what they pay. */
export interface DeliveryOptions {
  /** Mean order arrivals per simulated hour (Poisson process). */
  orderRatePerHour: number;
  /** Orders already waiting at t = 0, so short episodes have work. */
  initialOrders: number;
  /** Mean time from an order's creation to its deadline, s (each order draws 0.5..1.5 × this). */
  meanDeadlineS: number;
  /** Paid for each delivered order. */
  payoutPerOrder: number;
  /** Charged once for each order that misses its deadline (delivered late or never). */
  latePenalty: number;
  /** Heaviest cargo a drone may carry in total, kg (a Crazyflie 2.x lifts about 15 g). */
  droneMaxPayloadKg: number;
  /** Heaviest cargo a ground robot may carry in total, kg. */
  robotMaxPayloadKg: number;
  /** Parcel mass range [min, max], kg, drawn uniformly. */
  parcelMassKg: [number, number];
  /** Share of orders picked up at a building's front door instead of a depot, 0..1. */
  buildingPickupShare: number;
  /** No more orders are created once this many exist. */
  maxOrders: number;
}

/** Defaults sized for Crazyflie-class drones in a city of a few hundred metres (docs/delivery.md). */
export const DEFAULT_DELIVERY_OPTIONS: Readonly<DeliveryOptions> = {
  orderRatePerHour: 30,
  initialOrders: 3,
  meanDeadlineS: 900,
  payoutPerOrder: 10,
  latePenalty: 5,
  droneMaxPayloadKg: 0.015,
  robotMaxPayloadKg: 10,
  parcelMassKg: [0.003, 0.012],
  buildingPickupShare: 0.2,
  maxOrders: 200,
};

const NUMBER_RULES: Record<Exclude<keyof DeliveryOptions, 'parcelMassKg'>, { min: number; max: number; whole?: boolean; unit: string }> = {
  orderRatePerHour: { min: 0, max: 1e6, unit: 'orders per simulated hour' },
  initialOrders: { min: 0, max: 10000, whole: true, unit: 'orders' },
  meanDeadlineS: { min: 1, max: 1e6, unit: 's' },
  payoutPerOrder: { min: 0, max: 1e6, unit: 'currency units' },
  latePenalty: { min: 0, max: 1e6, unit: 'currency units' },
  droneMaxPayloadKg: { min: 0, max: 100, unit: 'kg' },
  robotMaxPayloadKg: { min: 0, max: 1000, unit: 'kg' },
  buildingPickupShare: { min: 0, max: 1, unit: 'share of orders' },
  maxOrders: { min: 0, max: 1e6, whole: true, unit: 'orders' },
};

/** Defaults overlaid with `overrides`; throws a RangeError naming the bad field and what is accepted. */
export function resolveDeliveryOptions(overrides: Partial<DeliveryOptions> = {}): DeliveryOptions {
  if (overrides === null || typeof overrides !== 'object') throw new RangeError(`delivery options: expected an object; got ${String(overrides)}`);
  const known = [...Object.keys(NUMBER_RULES), 'parcelMassKg'];
  for (const key of Object.keys(overrides)) {
    if (!known.includes(key)) throw new RangeError(`delivery.${key}: unknown option; accepted: ${known.join(', ')}`);
  }
  const options: DeliveryOptions = { ...DEFAULT_DELIVERY_OPTIONS, ...overrides };
  for (const [key, rule] of Object.entries(NUMBER_RULES)) {
    const value = options[key as keyof typeof NUMBER_RULES];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < rule.min || value > rule.max || (rule.whole && !Number.isInteger(value))) {
      throw new RangeError(`delivery.${key}: ${String(value)} is not accepted; accepted: ${rule.whole ? 'a whole number' : 'a finite number'} in ${rule.min}..${rule.max} ${rule.unit}`);
    }
  }
  const mass = options.parcelMassKg;
  if (!Array.isArray(mass) || mass.length !== 2 || !mass.every((m) => typeof m === 'number' && Number.isFinite(m) && m > 0) || mass[0] > mass[1]) {
    throw new RangeError(`delivery.parcelMassKg: ${JSON.stringify(mass)} is not accepted; accepted: [min, max] kg with 0 < min ≤ max`);
  }
  return { ...options, parcelMassKg: [mass[0], mass[1]] };
}
