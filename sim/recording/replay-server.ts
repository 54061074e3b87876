/**
 * Serving a recording with the viewer over HTTP: the viewer's files at `/` and the recording at
 * `/recordings/NAME.arrow` (its events at `/recordings/NAME.events.jsonl`). The server itself is
 * Node-only and loaded on demand, so this face stays safe to bundle.
 */
export interface ReplayServerOptions {
  /** The built viewer (render/dist). */
  viewerDir: string;
  /** A recording to serve, or none (a bare viewer that accepts dropped files). */
  recordingPath?: string;
  /** More files at fixed URL paths ("/report.html", "/recordings/NAME.arrow"): a report's page and its recordings. */
  extraFiles?: Record<string, string>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

export interface ReplayServer {
  /** The viewer's address, with `?recording=` when a recording is served. */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const { startStaticReplayServer } = await import('./replay-server.node.ts');
  return startStaticReplayServer(options);
}
