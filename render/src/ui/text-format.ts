/** How numbers read in the panels. */
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
