/** The delivery task's scoreboard (definitions in docs/delivery.md). */
export interface DeliveryMetrics {
  delivered: number;
  delivered_on_time: number;
  delivered_late: number;
  timed_out: number;
  open: number;
  on_time_rate: number;
  mean_delivery_time_s: number;
  net_income: number;
  income_per_sim_hour: number;
  energy_wh: number;
  drone_energy_wh: number;
  robot_energy_wh: number;
  /** Vehicle crashes plus robot contacts (with robots or drones). */
  collisions: number;
  /** Contacts of a robot with another robot or a drone, counted when they begin. */
  robot_collisions: number;
  /** Entries of drones into no-fly zones. */
  no_fly_violations: number;
  handoffs: number;
  actions_rejected: number;
  orders_created: number;
  sim_time_s: number;
}
