/**
 * The report as one self-contained HTML page (inline CSS and SVG, no script, no network): a chart
 * of success rates with their 95 % intervals, a table per suite, and per episode a link that
 * opens its recording in the viewer (`skyline eval --serve` or `skyline replay` serves it at the linked address).
 */
import type { EpisodeResult } from '../episode/episode-result.ts';
import type { EvalReport, SuiteSummary } from '../scores/suite-summary.ts';

/** The port `skyline replay` listens on by default; the links assume it. */
export const REPLAY_PORT = 8790;

const GOAL_COLUMNS: [string, string, number][] = [['distance_m', 'distance (m)', 1], ['time_s', 'time (s)', 0], ['path_m', 'path (m)', 0], ['crashed', 'crashed', 0], ['no_fly_violations', 'no-fly', 0]];
const DELIVERY_COLUMNS: [string, string, number][] = [
  ['income_per_hour', 'income / h', 0], ['on_time_rate', 'on-time rate', 2], ['delivered', 'delivered', 0], ['violations', 'violations', 0],
  ['energy_wh', 'energy (Wh)', 1], ['time_use_busy', 'time busy', 2], ['handoffs', 'hand-offs', 0],
];

export function renderHtmlReport(report: EvalReport, reportDirForCommands = 'report'): string {
  const title = `${report.benchmark}: ${report.agents}${report.model ? ` (${report.model})` : ''}`;
  const sections = report.suites.map((suite) => suiteSection(suite, report.episodes.filter((e) => e.suite === suite.suite), reportDirForCommands)).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#1d2430}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px}.muted{color:#667}
table{border-collapse:collapse;width:100%;margin:8px 0 16px}th,td{border-bottom:1px solid #dde;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#f3f5f9;font-weight:600}td.text,th.text{text-align:left}td{white-space:nowrap}td.wrap{white-space:normal;min-width:260px}.ok{color:#0a7a32;font-weight:600}.fail{color:#b3261e}
code{background:#f3f5f9;padding:1px 4px;border-radius:3px}.summary td{font-size:15px}
</style></head><body>
<h1>${esc(title)}</h1>
<p class="muted">Created ${esc(report.createdAt)} · ${report.episodes.length} episodes · settings: ${esc(JSON.stringify(report.settings))}</p>
${successChart(report.suites)}
<h2>Summary</h2>
<table class="summary" id="summary"><tr><th class="text">suite</th><th>episodes</th><th>success</th><th>95 % interval</th><th>mean score</th><th>model calls</th><th>tokens</th><th>latency (ms)</th><th>cost (USD)</th><th>errors</th></tr>
${report.suites.map((s) => `<tr data-suite="${esc(s.suite)}"><td class="text">${esc(s.suite)}</td><td>${s.episodes}</td><td class="success-rate">${pct(s.successRate)}</td><td>${pct(s.successCi95[0])} – ${pct(s.successCi95[1])}</td><td class="mean-score">${s.meanScore.toFixed(3)}</td><td>${s.llmCalls}</td><td>${s.totalTokens} <span class="muted">(${s.promptTokens} in, ${s.completionTokens} out)</span></td><td>${s.llmCalls > 0 ? s.latencyMeanMs.toFixed(0) : '–'}</td><td>${s.costUsd === null ? '–' : s.costUsd.toFixed(4)}</td><td>${s.errors}</td></tr>`).join('\n')}
</table>
${sections}
<p class="muted">Replay links: start <code>npx skyline eval --serve ${esc(reportDirForCommands)}</code> (every recording, and this page at /report.html) or <code>npx skyline replay ${esc(reportDirForCommands)}/recordings/EPISODE.arrow</code> (one); both listen on port ${REPLAY_PORT}, where the links point.</p>
</body></html>
`;
}

function suiteSection(suite: SuiteSummary, episodes: EpisodeResult[], dir: string): string {
  const columns = suite.task === 'delivery' ? DELIVERY_COLUMNS : GOAL_COLUMNS;
  const rows = episodes.map((e) => {
    const recording = e.recording
      ? `<a href="http://127.0.0.1:${REPLAY_PORT}/?recording=${encodeURIComponent(`/recordings/${e.recording.split('/').pop()}`)}" title="first run: npx skyline eval --serve ${esc(dir)}">replay</a> · <a href="${esc(e.recording)}">file</a>`
      : '–';
    return `<tr data-episode="${esc(e.id)}"><td class="text">${esc(e.id)}</td><td>${e.seed}</td>${suite.task === 'delivery' ? '' : `<td class="text wrap">${pictures(e)}${esc(e.instruction ?? '')}<br><span class="muted">${esc(e.answer ?? '')}</span></td>`}<td class="${e.success ? 'ok' : 'fail'}">${e.error ? `error: ${esc(e.error)}` : e.success ? 'yes' : 'no'}</td><td>${e.score.toFixed(3)}</td>${columns.map(([key, , digits]) => `<td>${num(e.metrics[key], digits)}</td>`).join('')}<td>${e.llm.totalTokens}</td><td>${e.llm.calls > 0 ? e.llm.latencyMeanMs.toFixed(0) : '–'}</td><td class="text">${recording}</td></tr>`;
  }).join('\n');
  return `<h2 id="suite-${esc(suite.suite)}">${esc(suite.suite)} <span class="muted">(${esc(suite.task)})</span></h2>
<p>Success ${pct(suite.successRate)} (${suite.successes} of ${suite.episodes}; 95 % Wilson interval ${pct(suite.successCi95[0])} – ${pct(suite.successCi95[1])}). Rule: ${esc(suite.successRule)}.</p>
<table><tr><th class="text">episode</th><th>seed</th>${suite.task === 'delivery' ? '' : '<th class="text">instruction / answer</th>'}<th>success</th><th>score</th>${columns.map(([, label]) => `<th>${esc(label)}</th>`).join('')}<th>tokens</th><th>latency (ms)</th><th class="text">recording</th></tr>
${rows}
</table>`;
}

/** Horizontal bars of success rate with the 95 % interval as a whisker. */
function successChart(suites: SuiteSummary[]): string {
  const rowHeight = 28, left = 110, width = 420, height = suites.length * rowHeight + 24;
  const x = (value: number): number => left + value * width;
  const bars = suites.map((s, i) => {
    const y = 8 + i * rowHeight;
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${esc(s.suite)}</text>
<rect x="${left}" y="${y + 3}" width="${(s.successRate * width).toFixed(1)}" height="16" fill="#3b6fd8"/>
<line x1="${x(s.successCi95[0]).toFixed(1)}" x2="${x(s.successCi95[1]).toFixed(1)}" y1="${y + 11}" y2="${y + 11}" stroke="#111" stroke-width="1.5"/>
<text x="${left + width + 8}" y="${y + 15}">${pct(s.successRate)}</text>`;
  }).join('\n');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="4" y2="${height - 16}" stroke="#dde"/><text x="${x(t)}" y="${height - 4}" text-anchor="middle" class="muted">${t * 100}%</text>`).join('');
  return `<svg role="img" aria-label="success rate per suite" width="${left + width + 70}" height="${height}" font-size="12">${ticks}${bars}</svg>`;
}

/** The object up close and the drone's last view, when the episode has them (search). */
function pictures(e: EpisodeResult): string {
  if (!e.pictures) return '';
  const img = (png: string, title: string): string => `<img src="data:image/png;base64,${png}" width="64" height="64" alt="${title}" title="${title}" style="image-rendering:pixelated;margin:0 6px 4px 0;vertical-align:top">`;
  return `<span style="float:right">${img(e.pictures.objectPng, 'the object, 12 m south and 8 m above it')}${img(e.pictures.lastViewPng, 'the drone camera at the end')}</span>`;
}

function pct(value: number): string {
  return `${(100 * value).toFixed(1)} %`;
}

function num(value: number | undefined, digits: number): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
