/** Writing a report folder (report.json, index.html; episodes/ and recordings/ are written as episodes finish) and reading one back. */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_FORMAT, type EvalReport } from '../scores/suite-summary.ts';
import { renderHtmlReport } from './html-report.ts';

export async function writeReportFiles(outDir: string, report: EvalReport): Promise<{ json: string; html: string }> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, 'report.json'), html = join(outDir, 'index.html');
  await writeFile(json, `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(html, renderHtmlReport(report, outDir));
  return { json, html };
}

/** A report from its folder (or its report.json), refused with a clear message when it is not one. */
export async function readReport(path: string, option = '--compare'): Promise<EvalReport> {
  let file = path;
  try {
    if ((await stat(path)).isDirectory()) file = join(path, 'report.json');
  } catch {
    throw new Error(`${option}: ${path} does not exist; accepted: a folder written by skyline eval --out, or its report.json`);
  }
  let parsed: EvalReport;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as EvalReport;
  } catch (error) {
    throw new Error(`${option}: ${file} is not a readable report (${error instanceof Error ? error.message : String(error)}); accepted: a folder written by skyline eval --out`);
  }
  if (parsed?.format !== REPORT_FORMAT) throw new Error(`${option}: ${file} is not a ${REPORT_FORMAT} report (format ${JSON.stringify(parsed?.format)})`);
  return parsed;
}
