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
