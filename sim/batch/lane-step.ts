import {
  buildInterleaveRowsWasmModule, buildLaneKernelWasmModule, checkLaneKernelProgram, controllerUniformValues, laneKernelJavaScriptSource, rowsCrowdCacheSets,
  type BatchArena, type CheckedLaneKernel, type QuadrotorControllerGains,
} from '../../physics/index.ts';
import { laneStepKey, laneStepProgram, type LaneStepVariant } from './lane-step-program.ts';
import { OBSERVATION_ARRAYS, type LaneEvaluation } from '../tasks/lane-evaluations.ts';

/**
 * A compiled lane step (lane-step-program.ts) bound to a batch arena: `run(start, end)` does
 * command, controller, dynamics and (where the task has a lane form) reward and end rule for
 * drones [start, end) in one pass. 'wasm-simd' runs the WebAssembly SIMD build, 'scalar' the
 * f32-exact JavaScript build of the same program; they give the same bits. Modules and functions
 * are compiled once per thread and variant, instances once per memory.
 */
export interface LaneStep {
  readonly variant: LaneStepVariant;
  readonly kernel: 'wasm-simd' | 'scalar';
  /** `steps` steps of drones [start, end) (a rollout variant's drones pause on their own; others: 1). */
  run(start: number, end: number, steps?: number): void;
}

type StepFunction = (...args: number[]) => void;
type ScalarFunction = (...args: unknown[]) => void;

const checkedPrograms = new Map<string, CheckedLaneKernel>();
const scalarFunctions = new Map<string, ScalarFunction>();
const modules = new Map<string, WebAssembly.Module>();
const instances = new WeakMap<WebAssembly.Memory, Map<string, { vector: StepFunction; line: StepFunction }>>();

function checkedProgram(variant: LaneStepVariant): CheckedLaneKernel {
  const key = laneStepKey(variant);
  let checked = checkedPrograms.get(key);
  if (!checked) {
    checked = checkLaneKernelProgram(laneStepProgram(variant));
    checkedPrograms.set(key, checked);
  }
  return checked;
}

function scalarFunction(variant: LaneStepVariant): ScalarFunction {
  const key = laneStepKey(variant);
  let compiled = scalarFunctions.get(key);
  if (!compiled) {
    const { parameters, body } = laneKernelJavaScriptSource(checkedProgram(variant));
    compiled = new Function(...parameters, body) as ScalarFunction;
    scalarFunctions.set(key, compiled);
  }
  return compiled;
}

function wasmFunctions(variant: LaneStepVariant, memory: WebAssembly.Memory): { vector: StepFunction; line: StepFunction } {
  const key = laneStepKey(variant);
  let perMemory = instances.get(memory);
  if (!perMemory) {
    perMemory = new Map();
    instances.set(memory, perMemory);
  }
  const ready = perMemory.get(key);
  if (ready) return ready;
  const buffer = memory.buffer;
  const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
  const pages = buffer.byteLength / 65536;
  const moduleKey = `${key}:${shared ? 'shared' : 'unshared'}:${pages}`;
  let module = modules.get(moduleKey);
  if (!module) {
    const bytes = buildLaneKernelWasmModule(checkedProgram(variant), { exports: { vector: 'vector', line: 'line' }, memory: { shared, pages } });
    module = new WebAssembly.Module(bytes);
    modules.set(moduleKey, module);
  }
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const functions = { vector: exports.vector as StepFunction, line: exports.line as StepFunction };
  perMemory.set(key, functions);
  return functions;
}

/** Arena field names of the program's arrays. */
const FIELD_OF: Record<string, string> = {
  state: 'quad.state', params: 'quad.params', motorCommand: 'quad.motorCommand', externalForce: 'quad.externalForce',
  command: 'env.command', integral: 'env.integral', goal: 'env.goal', reward: 'env.reward', taskEnded: 'env.taskEnded',
  episodeReturn: 'env.episodeReturn', laneEpisodeStep: 'env.laneEpisodeStep', laneRemaining: 'env.laneRemaining', laneCrashed: 'env.laneCrashed',
  clearance: 'world.clearance', laneCheck: 'env.laneCheck',
};

/**
 * The lane step of `variant` over this arena. `kernel` 'wasm-simd' may fall back to 'scalar' only
 * where the module cannot be compiled synchronously here (a browser's main thread); a module that
 * does not validate is a bug and throws.
 */
export function createLaneStep(
  arena: BatchArena, variant: LaneStepVariant, kernel: 'wasm-simd' | 'scalar', stride: number, dt: number, gains: QuadrotorControllerGains,
  maxEpisodeSteps = 0, worldUniforms: readonly number[] = [],
): LaneStep {
  const checked = checkedProgram(variant);
  const arrays = checked.program.arrays;
  const uniforms = [dt, ...controllerUniformValues(gains), ...(variant.rollout ? [maxEpisodeSteps] : []), ...(variant.world ? worldUniforms : [])].map(Math.fround);
  if (uniforms.length !== checked.program.uniforms.length) throw new Error(`lane step: ${checked.program.uniforms.length} uniforms expected, ${uniforms.length} given`);
  const status = arena.u8('quad.status');
  if (kernel === 'wasm-simd') {
    let functions: { vector: StepFunction; line: StepFunction } | null = null;
    try {
      functions = wasmFunctions(variant, arena.memory);
    } catch (error) {
      if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) throw error;
    }
    if (functions) {
      const offsets = arrays.map((array) => arena.offsetOf(FIELD_OF[array]));
      const rowBytes = checked.program.inputs.map((input) => offsets[arrays.indexOf(input.array)] + 4 * stride * input.component);
      const step = rowsCrowdCacheSets(rowBytes) ? functions.line : functions.vector;
      const statusOffset = arena.offsetOf('quad.status');
      return {
        variant, kernel: 'wasm-simd',
        run(start, end, steps = 1) {
          step(...offsets, statusOffset, stride, start, end, ...uniforms, steps);
        },
      };
    }
  }
  const views = arrays.map((array) => arena.f32(FIELD_OF[array]));
  const scalar = scalarFunction(variant);
  return {
    variant, kernel: 'scalar',
    run(start, end, steps = 1) {
      scalar(...views, status, stride, start, end, ...uniforms, steps);
    },
  };
}

/** Writes observations of drones [start, end) from state and goal rows (see LaneEvaluation.observation). */
export interface LaneObservation {
  run(start: number, end: number): void;
}

const observationModules = new Map<string, WebAssembly.Module>();
const observationInstances = new WeakMap<WebAssembly.Memory, Map<string, StepFunction>>();

/**
 * The WebAssembly observation pass of a task with a lane form over this arena, or null where it
 * cannot be compiled synchronously here (the task's observeSlice then writes the same values).
 */
export function createLaneObservation(arena: BatchArena, evaluation: LaneEvaluation, stride: number): LaneObservation | null {
  const memory = arena.memory, buffer = memory.buffer;
  const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
  const pages = buffer.byteLength / 65536;
  let perMemory = observationInstances.get(memory);
  if (!perMemory) {
    perMemory = new Map();
    observationInstances.set(memory, perMemory);
  }
  let interleave = perMemory.get(evaluation.task);
  if (!interleave) {
    const moduleKey = `${evaluation.task}:${shared ? 'shared' : 'unshared'}:${pages}`;
    let module = observationModules.get(moduleKey);
    try {
      if (!module) {
        module = new WebAssembly.Module(buildInterleaveRowsWasmModule({ arrays: OBSERVATION_ARRAYS.length, fields: evaluation.observation }, { shared, pages }));
        observationModules.set(moduleKey, module);
      }
      interleave = new WebAssembly.Instance(module, { env: { memory } }).exports.interleave as StepFunction;
    } catch (error) {
      if (error instanceof WebAssembly.CompileError || error instanceof WebAssembly.LinkError) throw error;
      return null;
    }
    perMemory.set(evaluation.task, interleave);
  }
  const offsets = OBSERVATION_ARRAYS.map((array) => arena.offsetOf(FIELD_OF[array]));
  const out = arena.offsetOf('env.observation');
  const run = interleave;
  return { run: (start, end) => run(...offsets, out, stride, start, end) };
}
