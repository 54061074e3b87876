/** How numbers read in the panels. */

/** A time left or a duration in words, never like a clock time: "13 min 20 s", "45 s", "1 h 05 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s.toFixed(0)} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${sign}${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Labels of the delivery task's metrics as a reader says them, with their units. */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  delivered: 'Delivered', delivered_on_time: 'Delivered on time', delivered_late: 'Delivered late', timed_out: 'Timed out',
  open: 'Open orders', on_time_rate: 'On-time rate', mean_delivery_time_s: 'Mean delivery time', net_income: 'Net income',
  income_per_sim_hour: 'Income / sim hour', energy_wh: 'Energy', drone_energy_wh: 'Drone energy', robot_energy_wh: 'Robot energy',
  collisions: 'Collisions', handoffs: 'Hand-offs', actions_rejected: 'Actions rejected', orders_created: 'Orders created',
  sim_time_s: 'Simulated time', violations: 'Violations', nofly_violations: 'No-fly violations', robot_collisions: 'Robot collisions',
};

/** A metric's name for a person: the table's label, or the key in words with its unit suffix read ("_s" → "(s)"). */
export function metricLabel(name: string): string {
  if (METRIC_LABELS[name]) return METRIC_LABELS[name];
  const unit = /_(s|m|wh|kg|hz)$/i.exec(name);
  const base = humanize(unit ? name.slice(0, -unit[0].length) : name);
  return unit ? `${base} (${unit[1] === 'wh' ? 'Wh' : unit[1]})` : base;
}

/** A metric's value with its unit: rates as percentages, times as durations, energy in Wh. */
export function formatMetricValue(name: string, value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (/_rate$/.test(name)) return `${(100 * value).toFixed(value === 0 || value === 1 ? 0 : 1)} %`;
  if (/_s$/.test(name)) return formatDuration(value);
  if (/_wh$/.test(name)) return `${formatMetric(value)} Wh`;
  return formatMetric(value);
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const sign = seconds < 0 ? '−' : '';
  const s = Math.abs(seconds);
  if (s < 60) return `${sign}${s.toFixed(1)} s`;
  const minutes = Math.floor(s / 60);
  return `${sign}${minutes}:${String(Math.floor(s - 60 * minutes)).padStart(2, '0')}`;
}

export function formatMetres(metres: number): string {
  if (!Number.isFinite(metres)) return '–';
  return Math.abs(metres) >= 1000 ? `${(metres / 1000).toFixed(2)} km` : `${metres.toFixed(1)} m`;
}

export function formatMetric(value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3);
}

/** snake_case or camelCase metric names as words. */
export function humanize(name: string): string {
  return name.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (first) => first.toUpperCase());
}
