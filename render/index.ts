/**
 * render/ — the browser debugger (Vite + three.js). The app itself starts from render/index.html
 * and render/src/main.ts; this face is what Node code (the CLI, `npm start`, tests, benchmarks)
 * needs from the layer: where the built viewer is, and building it when it is stale.
 */
export interface ViewerBuildOptions {
  /** Build even when the output looks fresh. */
  force?: boolean;
  /** Say nothing (tests). */
  quiet?: boolean;
}

/** The folder to serve (render/dist), built first when missing or older than its sources. */
export async function ensureViewerBuilt(options: ViewerBuildOptions = {}): Promise<string> {
  const { ensureViewerBuilt: build } = await import('./viewer-build.node.ts');
  return build(options);
}
