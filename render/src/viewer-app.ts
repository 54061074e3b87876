/**
 * The viewer: owns the renderer, the scene's layers, the panels and the two sources of frames
 * (a live server or a recording), and draws on every animation frame. Frames go in through
 * `showFrame`; what is drawn comes out through the debug handle.
 */
import { AmbientLight, Color, DirectionalLight, HemisphereLight, Raycaster, Scene, Vector2, WebGLRenderer } from 'three';
import { FleetRecording, type FleetEvent, type FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import { CameraRig } from './scene/camera-rig.ts';
import { CityLayer } from './scene/city-layer.ts';
import { FleetLayer } from './scene/fleet-layer.ts';
import { EpisodeObjectsLayer, episodeObjectsOf } from './scene/episode-objects-layer.ts';
import { LabelLayer, type SceneLabel } from './scene/label-layer.ts';
import { TargetLayer, type RoutePoint } from './scene/target-layer.ts';
import { TrailLayer } from './scene/trail-layer.ts';
import { WorldFrame } from './scene/world-frame.ts';
import { EventLog } from './sources/event-log.ts';
import { LiveConnection } from './sources/live-connection.ts';
import { RecordingPlayer } from './sources/recording-player.ts';
import { AgentPanel } from './ui/agent-panel.ts';
import { h } from './ui/dom-builder.ts';
import { FleetPanel } from './ui/fleet-panel.ts';
import { HelpOverlay } from './ui/help-overlay.ts';
import { shortcutFor, type ShortcutAction } from './ui/keyboard-shortcuts.ts';
import { RecordingDropZone } from './ui/recording-drop-zone.ts';
import { StatusBar, type ViewerMode } from './ui/status-bar.ts';
import { NOTABLE_EVENT_KINDS, Timeline } from './ui/timeline.ts';
import { ToastMessages } from './ui/toast-messages.ts';

const PANEL_REFRESH_MS = 150; // panels are text; a few updates a second read best
const PICK_RADIUS_PX = 18;
const AGENT_LABELS_MAX = 60; // above this many vehicles only the selected one is labelled

/**
 * True when WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe): there multisampling multiplies
 * the cost of every pixel, so the viewer draws without it. `?antialias=1|0` decides instead.
 */
function softwareRendererOnly(): boolean {
  const forced = new URLSearchParams(location.search).get('antialias');
  if (forced !== null) return forced === '0';
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return /swiftshader|llvmpipe|software/i.test(renderer);
}

export class ViewerApp {
  readonly frame = new WorldFrame();
  readonly renderer: WebGLRenderer;
  readonly scene = new Scene();
  readonly rig: CameraRig;
  readonly fleet = new FleetLayer();
  readonly trails = new TrailLayer();
  readonly targets = new TargetLayer();
  readonly labels: LabelLayer;
  /** A benchmark episode's own objects (the search task's target), from the recording's task_started event. */
  readonly episodeObjects = new EpisodeObjectsLayer();
  readonly events = new EventLog();
  city: CityLayer | null = null;
  mode: ViewerMode = 'idle';
  selected: string | null = null;
  player: RecordingPlayer | null = null;
  live: LiveConnection | null = null;
  /** Rendered frames since start, and the last draw's counters (for the debug handle). */
  framesRendered = 0;
  lastDraw = { calls: 0, triangles: 0 };
  errors: string[] = [];

  private readonly root: HTMLElement;
  private readonly canvasHost: HTMLDivElement;
  private readonly statusBar = new StatusBar();
  private readonly agentPanel = new AgentPanel();
  private readonly fleetPanel = new FleetPanel();
  private readonly timeline: Timeline;
  private readonly help: HelpOverlay;
  private readonly toasts = new ToastMessages();
  private readonly tooltip = h('div', { className: 'tooltip hidden', 'data-testid': 'tooltip' });
  private readonly raycaster = new Raycaster();
  private pointer: { x: number; y: number; moved: boolean } | null = null;
  private pointerDown: { x: number; y: number } | null = null;
  private panelsDirty = true;
  private panelsShownAt = 0;
  private lastTick = performance.now();
  private readonly frameTimes: number[] = [];
  private framedOnce = false;
  private width = 1;
  private height = 1;

  constructor(root: HTMLElement) {
    this.root = root;
    root.classList.add('skyline-viewer');
    this.renderer = new WebGLRenderer({ antialias: !softwareRendererOnly(), powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.info.autoReset = true;
    this.canvasHost = h('div', { className: 'canvas-host' });
    this.canvasHost.append(this.renderer.domElement);
    this.renderer.domElement.setAttribute('data-testid', 'viewer-canvas');
    this.rig = new CameraRig(this.frame, this.renderer.domElement);
    this.labels = new LabelLayer(this.frame);

    this.scene.background = new Color('#dfe7ee');
    this.scene.add(new HemisphereLight('#ffffff', '#8a8f80', 1.6), new AmbientLight('#ffffff', 0.35));
    const sun = new DirectionalLight('#fff6e8', 2.2);
    sun.position.set(-0.45, 1, 0.35); // scene frame: high, from the south-west
    this.scene.add(sun);
    this.scene.add(this.frame.root);
    this.frame.root.add(this.fleet.group, this.trails.lines.object, this.targets.group, this.episodeObjects.group);

    this.timeline = new Timeline({
      onTogglePlay: () => this.togglePlay(),
      onSeekRow: (row) => this.seekRow(row),
      onSpeed: (speed) => {
        if (this.player) this.player.speed = speed;
      },
    });
    this.help = new HelpOverlay(() => this.help.toggle(false));
    const dropZone = new RecordingDropZone(root, (file) => void this.openRecordingFile(file), (message) => this.toasts.show(message, 'error'));
    this.statusBar.openButton.addEventListener('click', () => dropZone.choose());
    this.statusBar.helpButton.addEventListener('click', () => this.help.toggle());
    this.agentPanel.onFollow = () => this.toggleFollow();
    this.agentPanel.onDeselect = () => this.select(null);
    this.fleetPanel.onAgentClick = (id) => this.select(id);
    this.fleetPanel.onEventClick = (event) => this.goToEvent(event);

    root.append(this.canvasHost, this.labels.element, this.statusBar.element,
      h('div', { className: 'left-panels' }, this.agentPanel.element), this.fleetPanel.element,
      this.timeline.element, this.tooltip, this.toasts.element, this.help.element, dropZone.element);

    this.listen();
    this.resize();
    requestAnimationFrame(() => this.tick());
  }

  // ---------------------------------------------------------------- sources

  /** Connects to a live server's frame stream. */
  async connectLive(url: string): Promise<void> {
    this.closeSources();
    this.mode = 'live';
    this.timeline.hide();
    this.events.clear();
    const live = new LiveConnection(url, {
      onWorld: (world) => {
        this.events.clear(); // a new world is a new episode: its events start over
        this.loadWorld(world);
      },
      onFrameArrived: (frame) => {
        this.events.append(frame.events);
        this.trails.record(frame);
      },
      onStatus: (text, state) => this.statusBar.setMode('live', text, state),
    });
    this.live = live;
    await live.start();
  }

  async openRecordingUrl(url: string): Promise<void> {
    this.statusBar.setMode('recording', 'loading…', 'warn');
    const response = await fetch(url);
    if (!response.ok) throw new Error(`cannot load recording ${url}: HTTP ${response.status} ${response.statusText}`);
    this.openRecording(FleetRecording.fromBytes(new Uint8Array(await response.arrayBuffer())), url.split('/').pop() ?? url);
  }

  async openRecordingFile(file: File): Promise<void> {
    try {
      this.openRecording(FleetRecording.fromBytes(new Uint8Array(await file.arrayBuffer())), file.name);
    } catch (error) {
      this.reportError(error);
    }
  }

  openRecording(recording: FleetRecording, name: string, initialStep?: number): void {
    if (!recording.world) throw new Error(`${name} holds no world (skyline.world metadata); record with the world option so that it can be replayed`);
    if (recording.frameCount === 0) throw new Error(`${name} holds no frames`);
    this.closeSources();
    this.mode = 'recording';
    this.player = new RecordingPlayer(recording);
    this.events.replace(recording.events, recording.eventRowIndex);
    this.loadWorld(recording.world as WorldSpec);
    this.episodeObjects.show(episodeObjectsOf(recording.events));
    this.timeline.show(recording.frameCount, recording.events, recording.eventRowIndex);
    this.statusBar.setMode('recording', `${name}${recording.complete ? '' : ' (cut short)'}`, recording.complete ? 'ok' : 'warn');
    if (!recording.complete) this.toasts.show(`${name} was cut short (its writer stopped early); showing the ${recording.frameCount} frames it holds`);
    this.seekRow(initialStep === undefined ? 0 : recording.indexAtOrBefore(initialStep));
  }

  /** Draws a world without any source (tests and benchmarks). */
  loadWorld(world: WorldSpec): void {
    if (this.city) {
      this.frame.root.remove(this.city.group);
      this.city.dispose();
    }
    this.episodeObjects.clear();
    this.city = new CityLayer(world);
    const city = this.city;
    this.rig.surfaceHeight = (x, y) => city.surfaceHeightAt(x, y);
    this.frame.root.add(this.city.group);
    this.statusBar.setWorld(world.name);
    this.framedOnce = false;
    this.trails.clear();
    if (!this.fleet.frame) this.frameCity();
  }

  /** Shows a frame now (the sources call this; tests and benchmarks may too). */
  showFrame(frame: FleetFrame): void {
    const firstFrame = !this.fleet.frame;
    this.fleet.update(frame, this.selected);
    this.targets.update(frame, this.selected);
    if (this.selected && !this.fleet.vehicle(this.selected)) this.select(null);
    if (firstFrame || !this.framedOnce) {
      this.framedOnce = true;
      this.frameFleet();
    }
    this.panelsDirty = true;
  }

  private closeSources(): void {
    this.live?.close();
    this.live = null;
    this.player = null;
  }

  // ---------------------------------------------------------------- playback

  seekRow(row: number): void {
    const player = this.player;
    if (!player) return;
    player.seekRow(row);
    this.showRow(true);
  }

  seekStep(step: number): void {
    if (!this.player) return;
    this.seekRow(this.player.recording.indexAtOrBefore(step));
  }

  private togglePlay(): void {
    if (!this.player) return;
    if (this.player.playing) this.player.pause();
    else this.player.play();
  }

  /** Shows the player's row; a jump refills the trail window from the recording. */
  private showRow(jumped: boolean, previousRow = -1): void {
    const player = this.player!, recording = player.recording;
    const frame = recording.frameAt(player.row);
    const ids = recording.vehicles.map((vehicle) => vehicle.id);
    if (jumped || previousRow < 0 || player.row < previousRow) {
      this.trails.clear();
      let row = player.rowAtTime(frame.t - this.trails.windowSeconds);
      while (row < player.row) {
        this.trails.recordSample(recording.times[row], ids, recording.positionsAt(row));
        row = Math.max(row + 1, player.rowAtTime(recording.times[row] + this.trails.sampleInterval));
      }
    } else {
      for (let row = previousRow + 1; row < player.row; row++) this.trails.recordSample(recording.times[row], ids, recording.positionsAt(row));
    }
    this.trails.record(frame);
    this.showFrame(frame);
  }

  private goToEvent(event: FleetEvent): void {
    if (event.agent && this.fleet.vehicle(event.agent)) this.select(event.agent);
    if (this.player) {
      this.player.pause();
      // The row that carries the event shows its outcome (the parcel delivered, the drone crashed);
      // the row at its step may have been captured just before it.
      const row = this.events.rowOf(event);
      if (row !== null) this.seekRow(row);
      else this.seekStep(event.step);
    }
  }

  /** Jumps to the previous or next notable event (crash, failure, delivery...). */
  private jumpToEvent(direction: 1 | -1): void {
    const player = this.player;
    if (!player) return;
    const { events, eventRowIndex } = player.recording;
    let found = -1;
    if (direction > 0) {
      for (let k = 0; k < events.length; k++) if (eventRowIndex[k] > player.row && NOTABLE_EVENT_KINDS[events[k].kind] && events[k].kind !== 'llm_message') { found = k; break; }
    } else {
      for (let k = events.length - 1; k >= 0; k--) if (eventRowIndex[k] < player.row && NOTABLE_EVENT_KINDS[events[k].kind] && events[k].kind !== 'llm_message') { found = k; break; }
    }
    if (found < 0) {
      this.toasts.show(direction > 0 ? 'No crash, failure or delivery after this point' : 'No crash, failure or delivery before this point');
      return;
    }
    this.goToEvent(events[found]);
  }

  // ---------------------------------------------------------------- selection and camera

  select(id: string | null): void {
    if (id !== null && !this.fleet.vehicle(id)) return;
    this.selected = id;
    if (!id) this.rig.unfollow();
    else if (this.rig.following && this.rig.following !== id) this.rig.follow(id, this.fleet.drawnPosition(id)!, this.followDistance(id));
    this.fleet.select(id);
    const frame = this.fleet.frame;
    if (frame) this.targets.update(frame, id);
    this.targets.showRoute(id ? this.routeOf(id) : null);
    this.trails.refresh(id, frame?.t ?? 0, true);
    this.panelsDirty = true;
    this.panelsShownAt = 0;
  }

  /** The route the agent's running skill announced (`data.route` of its last skill_started). */
  private routeOf(id: string): RoutePoint[] | null {
    const frame = this.fleet.frame;
    if (!frame) return null;
    const mine = this.events.forAgent(id, frame.step, 200, this.mode === 'recording' ? this.player?.row : undefined);
    const started = mine.find((event) => event.kind === 'skill_started');
    const route = started?.data?.route;
    if (!Array.isArray(route)) return null;
    const points: RoutePoint[] = [];
    for (const point of route) {
      if (Array.isArray(point) && point.length >= 2) points.push([Number(point[0]), Number(point[1]), Number(point[2] ?? 0.3)]);
      else if (point && typeof point === 'object' && 'x' in point && 'y' in point) {
        const p = point as { x: number; y: number; z?: number };
        points.push([Number(p.x), Number(p.y), Number(p.z ?? 0.3)]);
      }
    }
    return points.every((point) => point.every(Number.isFinite)) ? points : null;
  }

  private cycleAgent(direction: 1 | -1): void {
    const ids = this.fleet.drawnIds();
    if (!ids.length) return;
    const index = this.selected ? ids.indexOf(this.selected) : -1;
    this.select(ids[(index + direction + ids.length) % ids.length]);
  }

  private toggleFollow(): void {
    if (!this.selected) {
      this.toasts.show('Select a vehicle first (click one, or press N)');
      return;
    }
    if (this.rig.following === this.selected) this.rig.unfollow();
    else this.rig.follow(this.selected, this.fleet.drawnPosition(this.selected)!, this.followDistance(this.selected));
    this.panelsDirty = true;
    this.panelsShownAt = 0;
  }

  /** Close enough to see a flying drone at its real size; farther for a parked one, so its depot and neighbours show. */
  private followDistance(id: string): number {
    const vehicle = this.fleet.vehicle(id);
    if (vehicle?.kind !== 'drone') return 7;
    return vehicle.position[2] < 1 ? 10 : 2.5;
  }

  /** Frames the vehicles (or the city when there are none). */
  frameFleet(): void {
    const frame = this.fleet.frame;
    const active = frame?.vehicles.filter((vehicle) => vehicle.status !== 'inactive') ?? [];
    if (!active.length) {
      this.frameCity();
      return;
    }
    const min: [number, number, number] = [Infinity, Infinity, 0], max: [number, number, number] = [-Infinity, -Infinity, 0];
    for (const vehicle of active) {
      for (let axis = 0; axis < 3; axis++) {
        min[axis] = Math.min(min[axis], vehicle.position[axis]);
        max[axis] = Math.max(max[axis], vehicle.position[axis]);
      }
    }
    this.rig.unfollow();
    this.rig.frameBox(min, max, this.unobscuredWidthFraction(), this.unobscuredHeightFraction());
  }

  private frameCity(): void {
    if (!this.city) return;
    const { bounds } = this.city.world;
    this.rig.frameBox([bounds.minX, bounds.minY, 0], [bounds.maxX, bounds.maxY, 40], this.unobscuredWidthFraction(), this.unobscuredHeightFraction());
  }

  /** The share of the canvas's height left between the top bar and the timeline. */
  private unobscuredHeightFraction(): number {
    const covered = this.statusBar.element.getBoundingClientRect().height + (this.player ? 72 : 0);
    return Math.min(1, Math.max(0.4, (this.height - covered) / this.height));
  }

  /** The share of the canvas's width that the side panels leave visible. */
  private unobscuredWidthFraction(): number {
    if (this.root.classList.contains('panels-hidden')) return 1;
    const covered = [this.root.querySelector('.left-panels'), this.fleetPanel.element]
      .reduce((sum, element) => sum + (element ? element.getBoundingClientRect().width + 12 : 0), 0);
    return Math.min(1, Math.max(0.3, (this.width - covered) / this.width));
  }

  // ---------------------------------------------------------------- input

  private listen(): void {
    window.addEventListener('resize', () => this.resize());
    const canvas = this.renderer.domElement;
    canvas.addEventListener('pointerdown', (event) => {
      this.pointerDown = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener('pointerup', (event) => {
      const down = this.pointerDown;
      this.pointerDown = null;
      if (!down || Math.hypot(event.clientX - down.x, event.clientY - down.y) > 5 || event.button !== 0) return;
      const picked = this.vehicleAt(event.clientX, event.clientY);
      if (picked) this.select(picked);
    });
    canvas.addEventListener('dblclick', (event) => {
      const picked = this.vehicleAt(event.clientX, event.clientY);
      if (picked) {
        this.select(picked);
        if (this.rig.following !== picked) this.toggleFollow();
      }
    });
    canvas.addEventListener('pointermove', (event) => {
      this.pointer = { x: event.clientX, y: event.clientY, moved: true };
    });
    canvas.addEventListener('pointerleave', () => {
      this.pointer = null;
      this.tooltip.classList.add('hidden');
    });
    window.addEventListener('keydown', (event) => {
      if ((event.target as HTMLElement).closest?.('input[type=text], textarea')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      event.preventDefault();
      this.perform(shortcut.action);
    });
  }

  perform(action: ShortcutAction): void {
    const player = this.player;
    const stepRows = (rows: number): void => {
      if (!player) return;
      player.pause();
      this.seekRow(player.row + rows);
    };
    const rowsPerSecond = (): number => {
      if (!player || player.recording.frameCount < 2) return 1;
      const { times } = player.recording;
      return Math.max(1, Math.round((times.length - 1) / Math.max(times[times.length - 1] - times[0], 1e-9)));
    };
    switch (action) {
      case 'togglePlay': this.togglePlay(); break;
      case 'stepBack': stepRows(-1); break;
      case 'stepForward': stepRows(1); break;
      case 'jumpBack': stepRows(-rowsPerSecond()); break;
      case 'jumpForward': stepRows(rowsPerSecond()); break;
      case 'slower': player?.changeSpeed(-1); break;
      case 'faster': player?.changeSpeed(1); break;
      case 'toStart': if (player) this.seekRow(0); break;
      case 'toEnd': if (player) this.seekRow(player.lastRow); break;
      case 'previousEvent': this.jumpToEvent(-1); break;
      case 'nextEvent': this.jumpToEvent(1); break;
      case 'nextAgent': this.cycleAgent(1); break;
      case 'previousAgent': this.cycleAgent(-1); break;
      case 'follow': this.toggleFollow(); break;
      case 'release':
        if (this.help.open) this.help.toggle(false);
        else if (this.rig.following) this.rig.unfollow();
        else this.select(null);
        this.panelsDirty = true;
        break;
      case 'frameFleet': this.frameFleet(); break;
      case 'trails': {
        this.trails.mode = this.trails.mode === 'all' ? 'selected' : this.trails.mode === 'selected' ? 'off' : 'all';
        this.trails.refresh(this.selected, this.fleet.frame?.t ?? 0, true);
        this.toasts.show(`Trails: ${this.trails.mode === 'all' ? 'every vehicle' : this.trails.mode === 'selected' ? 'selected vehicle only' : 'off'}`);
        break;
      }
      case 'targets':
        this.targets.visible = !this.targets.visible;
        this.targets.group.visible = this.targets.visible;
        break;
      case 'labels': this.labels.enabled = !this.labels.enabled; break;
      case 'panels': this.root.classList.toggle('panels-hidden'); break;
      case 'help': this.help.toggle(); break;
    }
  }

  /** The vehicle drawn nearest to a screen point, within a few pixels. */
  vehicleAt(clientX: number, clientY: number): string | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    let best: string | null = null, bestDistance = PICK_RADIUS_PX;
    for (const id of this.fleet.drawnIds()) {
      const screen = this.screenPositionOf(id);
      if (!screen) continue;
      const distance = Math.hypot(screen.x - (clientX - rect.left), screen.y - (clientY - rect.top));
      if (distance < bestDistance) {
        best = id;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Where a vehicle is on the canvas (CSS pixels from its top-left), or null when off screen. */
  screenPositionOf(id: string): { x: number; y: number } | null {
    const position = this.fleet.drawnPosition(id);
    if (!position) return null;
    const point = this.frame.toScene(position[0], position[1], position[2]).project(this.rig.camera);
    if (point.z < -1 || point.z > 1 || Math.abs(point.x) > 1 || Math.abs(point.y) > 1) return null;
    return { x: (point.x * 0.5 + 0.5) * this.width, y: (-point.y * 0.5 + 0.5) * this.height };
  }

  private updateHover(): void {
    const pointer = this.pointer;
    if (!pointer || !pointer.moved) return;
    pointer.moved = false;
    const rect = this.renderer.domElement.getBoundingClientRect();
    let text: string | null = null;
    const vehicle = this.vehicleAt(pointer.x, pointer.y);
    if (vehicle) {
      const state = this.fleet.vehicle(vehicle)!;
      text = `${vehicle}${state.skill ? ` · ${state.skill}` : ''}${state.status !== 'ok' ? ` · ${state.status.replace(/_/g, ' ')}` : ''}`;
    } else if (this.city) {
      const ndc = new Vector2(((pointer.x - rect.left) / rect.width) * 2 - 1, -((pointer.y - rect.top) / rect.height) * 2 + 1);
      this.raycaster.setFromCamera(ndc, this.rig.camera);
      const meshes = this.city.hoverTargets.map((target) => target.mesh);
      const hit = this.raycaster.intersectObjects(meshes, false)[0];
      const target = hit && this.city.hoverTargets.find((candidate) => candidate.mesh === hit.object);
      if (target && hit.instanceId !== undefined) text = target.describe(hit.instanceId);
    }
    if (!text) {
      this.tooltip.classList.add('hidden');
      return;
    }
    this.tooltip.textContent = text;
    this.tooltip.style.transform = `translate(${pointer.x - rect.left + 14}px, ${pointer.y - rect.top + 14}px)`;
    this.tooltip.classList.remove('hidden');
  }

  // ---------------------------------------------------------------- drawing

  private resize(): void {
    const rect = this.canvasHost.getBoundingClientRect();
    this.width = Math.max(1, Math.floor(rect.width));
    this.height = Math.max(1, Math.floor(rect.height));
    this.renderer.setSize(this.width, this.height, false);
    this.rig.resize(this.width, this.height);
    const pixelRatio = this.renderer.getPixelRatio();
    for (const lines of [this.trails.lines, this.targets.lines]) lines.setResolution(this.width * pixelRatio, this.height * pixelRatio);
  }

  private tick(): void {
    requestAnimationFrame(() => this.tick());
    try {
      const now = performance.now();
      const realSeconds = Math.min(0.25, (now - this.lastTick) / 1000);
      this.lastTick = now;
      this.frameTimes.push(now);
      while (this.frameTimes.length > 2 && this.frameTimes[0] < now - 1000) this.frameTimes.shift();
      if (this.player) {
        const previous = this.player.row;
        if (this.player.tick(realSeconds)) this.showRow(false, previous);
      }
      const liveFrame = this.live?.takeFrame();
      if (liveFrame) this.showFrame(liveFrame);
      this.renderNow();
      this.updateHover();
      if (this.panelsDirty && now - this.panelsShownAt > PANEL_REFRESH_MS) this.refreshPanels(now);
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Draws one frame of the scene as it is now. */
  renderNow(): void {
    const followed = this.rig.following ? this.fleet.drawnPosition(this.rig.following) : null;
    this.rig.update(followed);
    const metresAtFocus = 0.022 * this.rig.focusDistance;
    this.fleet.setVisualSize(metresAtFocus);
    this.targets.setVisualScale(Math.max(1, metresAtFocus / 0.13));
    this.trails.refresh(this.selected, this.fleet.frame?.t ?? 0);
    this.renderer.render(this.scene, this.rig.camera);
    this.lastDraw = { calls: this.renderer.info.render.calls, triangles: this.renderer.info.render.triangles };
    this.framesRendered++;
    this.labels.draw(this.sceneLabels(), this.rig.camera, this.width, this.height);
  }

  private sceneLabels(): SceneLabel[] {
    const labels: SceneLabel[] = [];
    const world = this.city?.world;
    if (world) {
      for (const district of world.districts) labels.push({ key: `district-${district.id}`, text: district.name, className: 'label district', position: [district.anchor.x, district.anchor.y, 0], priority: 0 });
      for (const depot of world.depots) labels.push({ key: `depot-${depot.id}`, text: depot.name, className: 'label depot', position: [depot.x, depot.y, 1], lift: 4, priority: 1 });
      this.episodeObjects.objects.forEach((object, i) => labels.push({
        key: `episode-object-${i}`, text: object.label, className: 'label episode-object', position: [object.x, object.y, object.z + object.height], lift: 6, priority: 2.5,
      }));
    }
    const frame = this.fleet.frame;
    if (frame) {
      const all = frame.vehicles.length <= AGENT_LABELS_MAX;
      for (const vehicle of frame.vehicles) {
        if (!all && vehicle.id !== this.selected) continue;
        const position = this.fleet.drawnPosition(vehicle.id)!;
        labels.push({
          key: `agent-${vehicle.id}`, text: vehicle.id, position, lift: 12, group: 'agents', priority: vehicle.id === this.selected ? 3 : 2,
          className: `label agent kind-${vehicle.kind}${vehicle.id === this.selected ? ' selected' : ''}${vehicle.status !== 'ok' && vehicle.status !== 'inactive' ? ' crashed' : ''}`,
        });
      }
    }
    return labels;
  }

  private refreshPanels(now: number): void {
    this.panelsDirty = false;
    this.panelsShownAt = now;
    const frame = this.fleet.frame;
    const step = frame?.step ?? 0, t = frame?.t ?? 0;
    const selected = this.selected ? this.fleet.vehicle(this.selected) : null;
    const row = this.mode === 'recording' ? this.player?.row : undefined;
    this.agentPanel.render(selected, selected ? this.events.forAgent(selected.id, step, 30, row) : [], t, this.rig.following === this.selected && !!selected, frame?.vehicles.length ?? 0);
    this.fleetPanel.render(frame, this.mode === 'recording' ? this.events.upTo(step, row) : this.events.all);
    const counts = this.fleet.counts;
    const fps = this.frameTimes.length > 1 ? (1000 * (this.frameTimes.length - 1)) / (this.frameTimes[this.frameTimes.length - 1] - this.frameTimes[0]) : 0;
    this.statusBar.update(step, t, `${counts.drones} drones · ${counts.robots} robots · ${this.city?.buildingCount ?? 0} buildings`, fps, this.live ? this.live.arrivalRate : null);
    if (this.player) {
      const { recording } = this.player;
      this.timeline.update(this.player.row, this.player.playing, this.player.speed, this.player.time, recording.times[recording.frameCount - 1], this.player.step);
      if (this.player.playing) this.panelsDirty = true;
    }
    if (this.live) this.panelsDirty = true;
  }

  reportError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.push(message);
    console.error(error);
    this.toasts.show(message, 'error');
  }

  /** Shows a message to the person at the page (the status line keeps saying what the source does). */
  showNotice(text: string): void {
    if (this.mode === 'idle') this.statusBar.setMode('idle', 'no data', 'warn');
    this.toasts.show(text);
  }
}
