/**
 * Once per test run: builds the viewer when its build is older than its sources, and unpacks the
 * headless Chromium that ships inside @sparticuz/chromium. A failure is handed to the browser
 * suites (which report it) instead of stopping every other suite.
 */
import chromium from '@sparticuz/chromium';
import type { TestProject } from 'vitest/node';
import { ensureViewerBuilt } from '../../render/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    viewerDir: string;
    viewerSetupError: string;
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  let viewerDir = '', chromiumPath = '', error = '';
  try {
    [viewerDir, chromiumPath] = await Promise.all([ensureViewerBuilt({ quiet: true }), chromium.executablePath()]);
  } catch (caught) {
    error = caught instanceof Error ? caught.stack ?? caught.message : String(caught);
  }
  project.provide('viewerDir', viewerDir);
  project.provide('chromiumPath', chromiumPath);
  project.provide('viewerSetupError', error);
}
