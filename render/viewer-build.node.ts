/**
 * Builds the viewer (vite build into render/dist) when the build is missing or older than any of
 * its sources: render/ itself and the sim/ and worlds/ files it bundles. One build at a time per
 * process; concurrent callers share it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RENDER_DIR = fileURLToPath(new URL('.', import.meta.url));
export const VIEWER_DIST_DIR = join(RENDER_DIR, 'dist');
const REPOSITORY_DIR = join(RENDER_DIR, '..');
/** What the bundle is made of: a change in any of these calls for a new build. */
const SOURCE_ROOTS = ['render/src', 'render/index.html', 'render/standalone.html', 'render/train.html', 'render/vite.config.ts', 'sim', 'worlds', 'physics', 'learn'];

let building: Promise<string> | null = null;

export interface ViewerBuildOptions {
  /** Build even when the output looks fresh. */
  force?: boolean;
  /** Say nothing (tests). */
  quiet?: boolean;
}

/** The newest modification time (ms) among the viewer's sources. */
export function newestSourceTime(): number {
  let newest = 0;
  const visit = (path: string): void => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist' && !entry.startsWith('.')) visit(join(path, entry));
    } else if (/\.(ts|html|css|json)$/.test(path)) newest = Math.max(newest, stat.mtimeMs);
  };
  for (const root of SOURCE_ROOTS) visit(join(REPOSITORY_DIR, root));
  return newest;
}

export function viewerBuildIsFresh(): boolean {
  const index = join(VIEWER_DIST_DIR, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= newestSourceTime();
}

/** Returns the folder to serve, building it first when needed. */
export function ensureViewerBuilt(options: ViewerBuildOptions = {}): Promise<string> {
  if (!options.force && viewerBuildIsFresh()) return Promise.resolve(VIEWER_DIST_DIR);
  // A packed install ships the built viewer and no vite (a development dependency): serve it as built.
  if (!options.force && existsSync(join(VIEWER_DIST_DIR, 'index.html')) && !viteIsInstalled()) return Promise.resolve(VIEWER_DIST_DIR);
  building ??= runViteBuild(options.quiet ?? false).finally(() => {
    building = null;
  });
  return building;
}

function viteIsInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('vite');
    return true;
  } catch {
    return false;
  }
}

async function runViteBuild(quiet: boolean): Promise<string> {
  const started = performance.now();
  if (!quiet) process.stderr.write('skyline: building the viewer (vite build render/) …\n');
  const { build } = await import('vite');
  await build({ configFile: join(RENDER_DIR, 'vite.config.ts'), logLevel: quiet ? 'silent' : 'warn' });
  if (!quiet) process.stderr.write(`skyline: viewer built in ${((performance.now() - started) / 1000).toFixed(1)} s → ${VIEWER_DIST_DIR}\n`);
  return VIEWER_DIST_DIR;
}
