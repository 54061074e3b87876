/**
 * The viewer's entry. The page's URL says what to show:
 *   (nothing)             the live simulation of the server that served the page (WebSocket, same host)
 *   ?recording=URL        a recording (.arrow); add &step=K to open it at step K
 *   ?server=ws://HOST:P   a live simulation elsewhere
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
  const server = query.get('server') ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
  try {
    await app.connectLive(server);
  } catch (error) {
    app.showNotice(`No live simulation at ${server} (${error instanceof Error ? error.message : String(error)}). ` +
      'Start one with `npm start`, or drop a recording (.arrow) on this page.');
  }
}

start().catch((error) => app.reportError(error));
