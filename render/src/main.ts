/**
 * The viewer's entry. The page's URL says what to show:
 *   (nothing)             the live simulation of the server that served the page (WebSocket, same host)
 *   ?recording=URL        a recording (.arrow); add &step=K to open it at step K
 *   ?server=ws://HOST:P   a live simulation elsewhere (under `npm run dev`: ws://127.0.0.1:8787/ by default,
 *                         or $VITE_SKYLINE_SERVER)
 * A recording dropped on the page replaces whatever is shown.
 */
import './viewer.css';
import { installDebugHandle } from './debug/debug-handle.ts';
import { ViewerApp } from './viewer-app.ts';

const app = new ViewerApp(document.getElementById('viewer')!);
installDebugHandle(app);

const query = new URLSearchParams(location.search);
const recording = query.get('recording');
const stepParameter = query.get('step');

async function start(): Promise<void> {
  if (recording) {
    await app.openRecordingUrl(recording);
    if (stepParameter !== null && Number.isFinite(Number(stepParameter))) app.seekStep(Number(stepParameter));
    return;
  }
  if (query.has('empty')) return; // a bare viewer (benchmarks load worlds and frames themselves)
  const server = query.get('server') ?? defaultServer();
  try {
    await app.connectLive(withToken(server, query.get('token')));
  } catch (error) {
    app.showNotice(`No live simulation at ${server} (${error instanceof Error ? error.message : String(error)}). ` +
      'Retrying; start one with `npm start`, or drop a recording (.arrow) on this page.');
  }
}

/** A server started with a token wants it on the WebSocket URL too (the page's `?token=` is passed on, never shown). */
function withToken(server: string, token: string | null): string {
  if (!token) return server;
  const url = new URL(server);
  url.searchParams.set('token', token);
  return url.toString();
}

/** The server that served the page; under `npm run dev` (Vite serves it) the one `npm start` runs. */
function defaultServer(): string {
  // import.meta.hot exists only under Vite's dev server (env.DEV follows NODE_ENV, which tests set).
  if (import.meta.hot) return import.meta.env.VITE_SKYLINE_SERVER ?? 'ws://127.0.0.1:8787/';
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

start().catch((error) => app.reportError(error));
