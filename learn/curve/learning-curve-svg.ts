/** One point of a learning curve: after `environmentSteps` steps and `wallSeconds` of training. */
export interface LearningCurvePoint {
  environmentSteps: number;
  wallSeconds: number;
  meanReturn: number;
  /** Success of the training episodes (with exploration noise). */
  successRate: number;
  /** Success of the deterministic policy on unseen probe episodes, where one ran. */
  probeSuccess?: number;
}

const WIDTH = 900, HEIGHT = 560, PANEL_W = 390, PANEL_H = 200;

/**
 * A self-contained SVG of a training run: mean episode return and success rate, each against
 * environment steps (left) and wall seconds (right). Plain strings, so it runs in a browser too.
 */
export function learningCurveSvg(points: readonly LearningCurvePoint[], title: string): string {
  const usable = points.filter((p) => Number.isFinite(p.meanReturn) && Number.isFinite(p.successRate));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  const panels: [number, number, (p: LearningCurvePoint) => number, string, (p: LearningCurvePoint) => number, string, string][] = [
    [70, 50, (p) => p.environmentSteps, 'environment steps', (p) => p.meanReturn, 'mean episode return', '#1f77b4'],
    [520, 50, (p) => p.wallSeconds, 'wall seconds', (p) => p.meanReturn, 'mean episode return', '#1f77b4'],
    [70, 320, (p) => p.environmentSteps, 'environment steps', (p) => p.successRate, 'success rate', '#2ca02c'],
    [520, 320, (p) => p.wallSeconds, 'wall seconds', (p) => p.successRate, 'success rate', '#2ca02c'],
  ];
  for (const [x0, y0, fx, xLabel, fy, yLabel, colour] of panels) {
    const xs = usable.map(fx), ys = usable.map(fy);
    const xMax = Math.max(1e-9, ...xs);
    const isRate = yLabel === 'success rate';
    const yMin = isRate ? 0 : Math.min(0, ...ys), yMax = isRate ? 1 : Math.max(1e-9, ...ys);
    const sx = (v: number): number => x0 + (v / xMax) * PANEL_W;
    const sy = (v: number): number => y0 + PANEL_H - ((v - yMin) / (yMax - yMin || 1)) * PANEL_H;
    parts.push(`<rect x="${x0}" y="${y0}" width="${PANEL_W}" height="${PANEL_H}" fill="none" stroke="#888"/>`);
    for (let t = 0; t <= 4; t++) {
      const xv = (xMax * t) / 4, yv = yMin + ((yMax - yMin) * t) / 4;
      parts.push(`<text x="${sx(xv).toFixed(1)}" y="${y0 + PANEL_H + 16}" text-anchor="middle">${formatTick(xv)}</text>`);
      parts.push(`<text x="${x0 - 6}" y="${(sy(yv) + 4).toFixed(1)}" text-anchor="end">${formatTick(yv)}</text>`);
      parts.push(`<line x1="${x0}" x2="${x0 + PANEL_W}" y1="${sy(yv).toFixed(1)}" y2="${sy(yv).toFixed(1)}" stroke="#eee"/>`);
    }
    parts.push(`<text x="${x0 + PANEL_W / 2}" y="${y0 + PANEL_H + 34}" text-anchor="middle">${xLabel}</text>`);
    parts.push(`<text x="${x0 - 48}" y="${y0 + PANEL_H / 2}" text-anchor="middle" transform="rotate(-90 ${x0 - 48} ${y0 + PANEL_H / 2})">${yLabel}</text>`);
    if (usable.length) {
      const path = usable.map((p, k) => `${k ? 'L' : 'M'}${sx(xs[k]).toFixed(1)},${sy(ys[k]).toFixed(1)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    const probes = usable.filter((p) => p.probeSuccess !== undefined && Number.isFinite(p.probeSuccess));
    if (isRate && probes.length) {
      const path = probes.map((p, k) => `${k ? 'L' : 'M'}${sx(fx(p)).toFixed(1)},${sy(p.probeSuccess as number).toFixed(1)}`).join(' ');
      parts.push(`<path d="${path}" fill="none" stroke="#d62728" stroke-width="2" stroke-dasharray="5 3"/>`);
      for (const p of probes) parts.push(`<circle cx="${sx(fx(p)).toFixed(1)}" cy="${sy(p.probeSuccess as number).toFixed(1)}" r="2.5" fill="#d62728"/>`);
      parts.push(`<text x="${x0 + 8}" y="${y0 + 16}" fill="#2ca02c">training episodes (with exploration noise)</text>`);
      parts.push(`<text x="${x0 + 8}" y="${y0 + 32}" fill="#d62728">unseen probe episodes (deterministic policy)</text>`);
    }
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function formatTick(value: number): string {
  const a = Math.abs(value);
  if (a >= 1e6) return `${(value / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e3) return `${(value / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  if (a === 0) return '0';
  return a >= 10 ? value.toFixed(0) : a >= 1 ? value.toFixed(1) : value.toFixed(2);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
