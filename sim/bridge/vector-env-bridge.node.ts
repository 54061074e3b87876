/**
 * The Node side of the Python vector env (clients/python, `skylinesim.SkylineVectorEnv`): a
 * child process that owns one BatchEnv and steps it when its Python parent asks.
 *
 * Control messages are JSON; the data path is raw bytes in a preallocated layout
 * (bridge-layout.ts), either in a shared file the parent maps (`transport: 'shm'`, /dev/shm on
 * Linux: the parent writes actions in place, this side writes results with one pwrite) or inline
 * on the pipes (`transport: 'pipe'`). Every message, both ways, is a 9-byte header — a one-byte
 * kind, the JSON length and the binary length (u32, little-endian) — then the JSON, then the bytes.
 *
 * Requests: 'H' hello (JSON: the BatchEnv options and the transport), 'R' reset ({seed}), 'S' step
 * (pipe: the actions follow), 'Q' quit. Answers: 'K' ok, 'E' error ({message, field}).
 * The loop is synchronous (blocking reads on stdin), so a step costs no event-loop turn; the
 * process exits when stdin closes, which is how a parent that dies takes its child with it.
 */
import { closeSync, ftruncateSync, openSync, readSync, writeSync, writevSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { QUADROTOR_RUNGS, VEHICLE_STATUS_NAMES } from '../../physics/index.ts';
import { BatchEnv, type BatchStepResult } from '../batch-env.ts';
import { bridgeLayout, type BridgeLayout } from './bridge-layout.ts';
import { BridgeRequestError, bridgeBatchOptions, type BridgeRequest } from './bridge-options.ts';

export const VECTOR_ENV_BRIDGE_PROTOCOL = 'skyline-vector-env/1';
const HEADER_BYTES = 9;
const INPUT = 0, OUTPUT = 1;

type Transport = 'shm' | 'pipe';

interface Message {
  kind: string;
  json: Record<string, unknown>;
  bytes: Uint8Array;
}

const pause = new Int32Array(new SharedArrayBuffer(4));
/** Zeros between arrays of the layout (each padding is under its 64-byte alignment). */
const PADDING = new Uint8Array(64);

/** Reads exactly `length` bytes from fd into `target`; null at end of input (the parent is gone). */
function readFully(fd: number, target: Uint8Array, length: number): boolean {
  let done = 0;
  while (done < length) {
    let got: number;
    try {
      got = readSync(fd, target, done, length - done, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 0.02); continue; }
      if ((error as NodeJS.ErrnoException).code === 'EOF') return false;
      throw error;
    }
    if (got === 0) return false;
    done += got;
  }
  return true;
}

/** Writes all of `source`; a full pipe (EAGAIN: Node may have made stdout non-blocking) waits for the reader. */
function writeFully(fd: number, source: Uint8Array): void {
  let done = 0;
  while (done < source.byteLength) {
    try {
      done += writeSync(fd, source, done, source.byteLength - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 0.02);
    }
  }
}

class BridgeLoop {
  private env: BatchEnv | null = null;
  private layout: BridgeLayout | null = null;
  private transport: Transport = 'shm';
  private shmFd = -1;
  /** The outputs block as this side fills it before one write (file or pipe). */
  private block = new Uint8Array(0);
  private actions = new Float32Array(0);
  private header = new Uint8Array(HEADER_BYTES);
  private input = new Uint8Array(1 << 16);

  /** Runs until 'Q' or the end of input; answers every request, errors included. */
  async run(): Promise<void> {
    for (;;) {
      this.pollForRequest();
      const message = this.read();
      if (!message || message.kind === 'Q') break;
      try {
        if (message.kind === 'H') await this.hello(message.json);
        else if (message.kind === 'R') this.reset(message.json);
        else if (message.kind === 'S') this.step(message.bytes);
        else throw new Error(`unknown request kind "${message.kind}"; accepted: H, R, S, Q`);
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const field = error instanceof BridgeRequestError ? error.field : pythonFieldNamedIn(text);
        this.send('E', { message: text, field });
      }
    }
    await this.close();
  }

  private async hello(json: Record<string, unknown>): Promise<void> {
    if (this.env) throw new Error('hello was already sent: one bridge runs one batch');
    const { transport = 'shm', path, spin_us: spin = 0, ...request } = json as BridgeRequest & { transport?: Transport; path?: string; spin_us?: number };
    if (transport !== 'shm' && transport !== 'pipe') throw new BridgeRequestError('transport', `transport "${String(transport)}" is unknown; accepted: shm, pipe`);
    if (transport === 'shm' && typeof path !== 'string') throw new BridgeRequestError('path', 'transport shm needs the path of the shared file');
    if (typeof spin !== 'number' || !(spin >= 0 && spin <= 100_000)) throw new BridgeRequestError('spin_us', `spin_us = ${String(spin)}; accepted: 0 to 100000 microseconds`);
    this.spinMicroseconds = spin;
    const env = await BatchEnv.create(await bridgeBatchOptions(request));
    const layout = bridgeLayout(env.numDrones, env.observationSize, env.actionSize);
    this.env = env;
    this.layout = layout;
    this.transport = transport;
    this.block = new Uint8Array(layout.blockBytes);
    this.actions = new Float32Array(env.numDrones * env.actionSize);
    this.packedFinal = new Float32Array(env.numDrones * env.observationSize);
    if (transport === 'shm') {
      this.shmFd = openSync(path!, 'r+');
      ftruncateSync(this.shmFd, layout.fileBytes);
    }
    const config = env.config;
    this.send('K', {
      protocol: VECTOR_ENV_BRIDGE_PROTOCOL, pid: process.pid, transport,
      task: config.task, num_envs: env.numDrones, rung: config.rung, workers: env.workers, seed: config.seed,
      dt: config.dt, max_episode_steps: config.maxEpisodeSteps, autoreset: config.autoreset, params: config.paramSet, spawn: config.spawn,
      city: config.world ? config.world.name ?? 'a city' : null,
      observation_size: env.observationSize, observation_layout: env.observationLayout,
      action_size: env.actionSize, action_fields: QUADROTOR_RUNGS[config.rung],
      status_names: VEHICLE_STATUS_NAMES,
      layout,
    });
  }

  private reset(json: Record<string, unknown>): void {
    const env = this.requireEnv();
    const seed = json.seed ?? env.config.seed;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new BridgeRequestError('seed', `seed = ${String(seed)}; accepted: a whole number from 0 to 4294967295`);
    }
    const { obs } = env.reset({ seed });
    this.fill('observations', obs);
    this.fill('rewards', null);
    for (const name of ['final_error', 'episode_step', 'terminations', 'truncations', 'success', 'status']) this.fill(name, null);
    this.publish({ seed });
  }

  private step(bytes: Uint8Array): void {
    const env = this.requireEnv();
    let actions: Float32Array;
    if (this.transport === 'pipe') {
      if (bytes.byteLength !== this.actions.byteLength) {
        throw new BridgeRequestError('actions', `actions carry ${bytes.byteLength} bytes; accepted: ${this.actions.byteLength} (num_envs × ${env.actionSize} float32)`);
      }
      actions = this.actions;
    } else {
      actions = this.actions;
      const view = new Uint8Array(actions.buffer, actions.byteOffset, actions.byteLength);
      readSync(this.shmFd, view, 0, view.byteLength, this.layout!.actions.offset);
    }
    const result = env.step(actions);
    const endedCount = this.packFinalObservations(result);
    const packed = this.packedFinal.subarray(0, endedCount * env.observationSize);
    if (this.transport === 'shm') {
      // Straight from the batch's arrays into the shared file: one writev, no copy on this side.
      writevSync(this.shmFd, this.stepParts(result, endedCount > 0 ? packed : null), this.layout!.blockOffset);
      this.send('K', null, null);
      return;
    }
    this.fillStep(result);
    const finalEntry = this.layout!.outputs[this.layout!.outputs.length - 1];
    const at = finalEntry.offset - this.layout!.blockOffset;
    this.block.set(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), at);
    this.send('K', null, this.block.subarray(0, at + packed.byteLength));
  }

  /**
   * Copies the final observations of the drones whose episode ended at this step, in index
   * order, into one packed array (the flags say which drones they are); returns how many.
   */
  private packFinalObservations(result: BatchStepResult): number {
    const final = result.info.finalObservation;
    if (!final) return 0;
    const n = result.terminated.length, size = this.requireEnv().observationSize;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (result.terminated[i] | result.truncated[i]) {
        this.packedFinal.set(final.subarray(i * size, (i + 1) * size), count * size);
        count++;
      }
    }
    return count;
  }

  private packedFinal = new Float32Array(0);

  /** The step's arrays in layout order, with zero padding between them, for one writev. */
  private stepParts(result: BatchStepResult, packedFinal: Float32Array | null): Uint8Array[] {
    const arrays: ArrayBufferView[] = [
      result.obs, result.reward, result.info.finalError, result.info.episodeStep, result.terminated, result.truncated,
      result.info.success, result.info.status,
    ];
    if (packedFinal) arrays.push(packedFinal);
    const outputs = this.layout!.outputs, parts: Uint8Array[] = [];
    for (let k = 0; k < arrays.length; k++) {
      const entry = outputs[k], values = arrays[k];
      const bytes = values === packedFinal ? values.byteLength : entry.bytes; // the packed rows: only as many as ended
      parts.push(new Uint8Array(values.buffer, values.byteOffset, bytes));
      const next = k + 1 < arrays.length ? outputs[k + 1].offset : entry.offset + bytes;
      if (next > entry.offset + bytes) parts.push(PADDING.subarray(0, next - entry.offset - bytes));
    }
    return parts;
  }

  private fillStep(result: BatchStepResult): void {
    this.fill('observations', result.obs);
    this.fill('rewards', result.reward);
    this.fill('final_error', result.info.finalError);
    this.fill('episode_step', result.info.episodeStep);
    this.fill('terminations', result.terminated);
    this.fill('truncations', result.truncated);
    this.fill('success', result.info.success);
    this.fill('status', result.info.status);
  }

  /** Copies one array into its place in the block (null: zeros). */
  private fill(name: string, values: ArrayBufferView | null): void {
    const entry = this.layout!.outputs.find((output) => output.name === name)!;
    const at = entry.offset - this.layout!.blockOffset;
    if (values === null) this.block.fill(0, at, at + entry.bytes);
    else this.block.set(new Uint8Array(values.buffer, values.byteOffset, entry.bytes), at);
  }

  /** Writes the block without final observations (after a reset) and answers 'K'. */
  private publish(json: Record<string, unknown> | null): void {
    const layout = this.layout!;
    const length = layout.outputs[layout.outputs.length - 1].offset - layout.blockOffset;
    if (this.transport === 'shm') {
      writeSync(this.shmFd, this.block, 0, length, layout.blockOffset);
      this.send('K', json, null);
    } else {
      this.send('K', json, this.block.subarray(0, length));
    }
  }

  private requireEnv(): BatchEnv {
    if (!this.env) throw new Error('send hello before reset or step');
    return this.env;
  }

  /**
   * With the shared file: polls the request counter for up to spin_us before the blocking read,
   * so a quick Python loop finds this thread awake (a sleep and a wake-up cost more than a step
   * of a small batch, and far more on a loaded machine). 0 disables it.
   */
  private pollForRequest(): void {
    if (this.shmFd < 0 || this.spinMicroseconds <= 0) return;
    // A poll that ran out (a slow policy, a loaded machine) is not retried for a while: spinning then only burns a core.
    if (this.skipPolls > 0) {
      this.skipPolls--;
      return;
    }
    const until = performance.now() + this.spinMicroseconds / 1000;
    do {
      readSync(this.shmFd, this.counter, 0, 4, 0);
      if (this.counterView[0] !== this.lastCounter) {
        this.lastCounter = this.counterView[0];
        return;
      }
    } while (performance.now() < until);
    this.skipPolls = 64;
  }

  private skipPolls = 0;

  private spinMicroseconds = 0;
  private counter = new Uint8Array(4);
  private counterView = new Uint32Array(this.counter.buffer);
  private lastCounter = 0;

  private read(): Message | null {
    if (!readFully(INPUT, this.header, HEADER_BYTES)) return null;
    const view = new DataView(this.header.buffer);
    const kind = String.fromCharCode(this.header[0]);
    const jsonLength = view.getUint32(1, true), binaryLength = view.getUint32(5, true);
    let json: Record<string, unknown> = {};
    if (jsonLength > 0) {
      const text = new Uint8Array(jsonLength);
      if (!readFully(INPUT, text, jsonLength)) return null;
      json = JSON.parse(new TextDecoder().decode(text)) as Record<string, unknown>;
    }
    let bytes = new Uint8Array(0);
    if (binaryLength > 0) {
      // Step actions land straight in the actions array when the size is right.
      const target = binaryLength === this.actions.byteLength
        ? new Uint8Array(this.actions.buffer, this.actions.byteOffset, binaryLength)
        : binaryLength <= this.input.byteLength ? this.input.subarray(0, binaryLength) : new Uint8Array(binaryLength);
      if (!readFully(INPUT, target, binaryLength)) return null;
      bytes = target;
    }
    return { kind, json, bytes };
  }

  private send(kind: string, json: Record<string, unknown> | null, bytes: Uint8Array | null = null): void {
    const text = json ? new TextEncoder().encode(JSON.stringify(json)) : new Uint8Array(0);
    const header = new Uint8Array(HEADER_BYTES);
    header[0] = kind.charCodeAt(0);
    const view = new DataView(header.buffer);
    view.setUint32(1, text.byteLength, true);
    view.setUint32(5, bytes ? bytes.byteLength : 0, true);
    writeFully(OUTPUT, header);
    if (text.byteLength) writeFully(OUTPUT, text);
    if (bytes && bytes.byteLength) writeFully(OUTPUT, bytes);
  }

  async close(): Promise<void> {
    if (this.shmFd >= 0) closeSync(this.shmFd);
    this.shmFd = -1;
    await this.env?.close();
  }
}

/** BatchEnv's own option names, as the Python side calls them. */
const PYTHON_FIELD_NAMES: Record<string, string> = {
  worlds: 'num_envs', maxEpisodeSteps: 'max_episode_steps', paramSet: 'params', rung: 'rung', seed: 'seed', workers: 'workers',
  dt: 'dt', task: 'task', actions: 'actions', world: 'world', spawn: 'spawn',
};

/** The option an error message starts with ("worlds = 0; accepted: ..."), in Python's name. */
function pythonFieldNamedIn(message: string): string | null {
  if (message.startsWith('unknown quadrotor parameter set')) return 'params';
  const head = /^([A-Za-z]+)/.exec(message)?.[1] ?? '';
  return PYTHON_FIELD_NAMES[head] ?? null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Anything printed by mistake must not corrupt the answers on stdout.
  console.log = console.error;
  console.info = console.error;
  new BridgeLoop().run().then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`skyline vector-env bridge: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
