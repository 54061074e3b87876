/** `skyline eval --compare A B`: two reports side by side, suite by suite, with the difference in success rate. */
import type { EvalReport } from '../scores/suite-summary.ts';

export function compareReports(a: EvalReport, b: EvalReport, labels: [string, string] = ['A', 'B']): string {
  const name = (r: EvalReport): string => `${r.agents}${r.model ? ` (${r.model})` : ''}`;
  const suites = [...new Set([...a.suites, ...b.suites].map((s) => s.suite))];
  const rows: string[][] = [['suite', `${labels[0]}: ${name(a)}`, `${labels[1]}: ${name(b)}`, 'difference', 'tokens A / B']];
  for (const suite of suites) {
    const left = a.suites.find((s) => s.suite === suite), right = b.suites.find((s) => s.suite === suite);
    const cell = (s: typeof left): string => (s ? `${(100 * s.successRate).toFixed(1)} % [${(100 * s.successCi95[0]).toFixed(0)}–${(100 * s.successCi95[1]).toFixed(0)}] n=${s.episodes}` : '–');
    const diff = left && right ? `${((right.successRate - left.successRate) * 100 >= 0 ? '+' : '')}${((right.successRate - left.successRate) * 100).toFixed(1)} pts` : '–';
    rows.push([suite, cell(left), cell(right), diff, `${left?.totalTokens ?? '–'} / ${right?.totalTokens ?? '–'}`]);
  }
  if (a.benchmark !== b.benchmark) rows.push(['note', `benchmark ${a.benchmark}`, `benchmark ${b.benchmark}`, 'versions differ: scores are not comparable', '']);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}
