import { cachedComputePipeline } from './compute-pass-helpers.ts';

/**
 * A small MLP policy as WGSL: one invocation per vehicle normalises its observation, runs the
 * dense layers (tanh or linear), squashes, scales and bounds the commands — the same maths as
 * sim/'s NetworkPolicy (and a policy file), in f32. Plain numbers in, so physics/ needs nothing
 * of the layers above; sim/ hands a policy file's arrays over.
 */
export interface GpuMlpLayer {
  input: number;
  output: number;
  activation: 'tanh' | 'linear';
  weights: ArrayLike<number>;
  bias: ArrayLike<number>;
}

export interface GpuMlpPolicyDefinition {
  observationMean: ArrayLike<number>;
  observationStd: ArrayLike<number>;
  observationClip: number;
  layers: readonly GpuMlpLayer[];
  squash: 'clip' | 'tanh';
  actionOffset: ArrayLike<number>;
  actionScale: ArrayLike<number>;
  actionLow: ArrayLike<number>;
  actionHigh: ArrayLike<number>;
}

const WORKGROUP = 64;

/** The shader of a network of that shape; every offset into the parameter buffer is a constant. */
export function mlpPolicyShaderSource(definition: GpuMlpPolicyDefinition): { code: string; parameters: Float32Array } {
  const values: number[] = [];
  const place = (numbers: ArrayLike<number>): number => {
    const at = values.length;
    for (let k = 0; k < numbers.length; k++) values.push(numbers[k]);
    return at;
  };
  const size = definition.observationMean.length, actions = definition.actionOffset.length;
  const mean = place(definition.observationMean), std = place(definition.observationStd);
  const layers = definition.layers.map((layer) => ({ ...layer, w: place(layer.weights), b: place(layer.bias) }));
  const offset = place(definition.actionOffset), scale = place(definition.actionScale), low = place(definition.actionLow), high = place(definition.actionHigh);
  const width = Math.max(size, ...layers.map((layer) => layer.output));
  const f = (x: number): string => (Number.isInteger(x) ? `${x}.0` : `${Math.fround(x)}`);
  const lines = [
    '@group(0) @binding(0) var<storage, read> parameters: array<f32>;',
    '@group(0) @binding(1) var<storage, read> observations: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> commands: array<f32>;',
    '@group(0) @binding(3) var<uniform> count: vec4<u32>;',
    `@compute @workgroup_size(${WORKGROUP})`,
    'fn main(@builtin(global_invocation_id) id: vec3<u32>) {',
    '  let i = id.x;',
    '  if (i >= count.x) { return; }',
    `  var a: array<f32, ${width}>;`,
    `  var b: array<f32, ${width}>;`,
    `  for (var k = 0u; k < ${size}u; k++) {`,
    `    let z = (observations[i * ${size}u + k] - parameters[${mean}u + k]) / parameters[${std}u + k];`,
    `    a[k] = clamp(z, ${f(-definition.observationClip)}, ${f(definition.observationClip)});`,
    '  }',
  ];
  layers.forEach((layer, l) => {
    const [from, to] = l % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    lines.push(
      `  for (var o = 0u; o < ${layer.output}u; o++) {`,
      `    var s = parameters[${layer.b}u + o];`,
      `    for (var k = 0u; k < ${layer.input}u; k++) { s = s + parameters[${layer.w}u + o * ${layer.input}u + k] * ${from}[k]; }`,
      `    ${to}[o] = ${layer.activation === 'tanh' ? 'tanh(s)' : 's'};`,
      '  }',
    );
  });
  const out = layers.length % 2 === 0 ? 'a' : 'b';
  lines.push(
    `  for (var j = 0u; j < ${actions}u; j++) {`,
    `    let u = ${definition.squash === 'tanh' ? `tanh(${out}[j])` : `clamp(${out}[j], -1.0, 1.0)`};`,
    `    let command = parameters[${offset}u + j] + parameters[${scale}u + j] * u;`,
    `    commands[i * ${actions}u + j] = clamp(command, parameters[${low}u + j], parameters[${high}u + j]);`,
    '  }',
    '}',
  );
  return { code: lines.join('\n'), parameters: Float32Array.from(values) };
}

/** The policy on a GPU device for up to `capacity` vehicles: `act` uploads observations and reads commands back. */
export class GpuMlpPolicy {
  private constructor(
    private readonly device: GPUDevice,
    private readonly pipeline: GPUComputePipeline,
    private readonly buffers: { parameters: GPUBuffer; observations: GPUBuffer; commands: GPUBuffer; count: GPUBuffer; readback: GPUBuffer },
    private readonly bindGroup: GPUBindGroup,
    readonly capacity: number,
    private readonly observationSize: number,
    private readonly actionSize: number,
  ) {}

  static async create(device: GPUDevice, definition: GpuMlpPolicyDefinition, capacity: number): Promise<GpuMlpPolicy> {
    const { code, parameters } = mlpPolicyShaderSource(definition);
    const shape = definition.layers.map((layer) => `${layer.input}x${layer.output}${layer.activation[0]}`).join('-') + definition.squash;
    const pipeline = await cachedComputePipeline(device, shape, 'mlp-policy', () => code, 'main');
    const observationSize = definition.observationMean.length, actionSize = definition.actionOffset.length;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
    const buffers = {
      parameters: device.createBuffer({ label: 'mlp.parameters', size: parameters.byteLength, usage: storage }),
      observations: device.createBuffer({ label: 'mlp.observations', size: 4 * observationSize * capacity, usage: storage }),
      commands: device.createBuffer({ label: 'mlp.commands', size: 4 * actionSize * capacity, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC }),
      count: device.createBuffer({ label: 'mlp.count', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
      readback: device.createBuffer({ label: 'mlp.readback', size: 4 * actionSize * capacity, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
    };
    device.queue.writeBuffer(buffers.parameters, 0, parameters);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [buffers.parameters, buffers.observations, buffers.commands, buffers.count].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return new GpuMlpPolicy(device, pipeline, buffers, bindGroup, capacity, observationSize, actionSize);
  }

  /** Commands of `count` vehicles from their observations (vehicle-major), into `out`. */
  async act(observations: Float32Array, count: number, out: Float32Array): Promise<void> {
    if (count > this.capacity) throw new RangeError(`count = ${count}; accepted: at most ${this.capacity} (the capacity this policy was created for)`);
    const { device, buffers } = this;
    device.queue.writeBuffer(buffers.observations, 0, observations as Float32Array<ArrayBuffer>, 0, count * this.observationSize);
    device.queue.writeBuffer(buffers.count, 0, new Uint32Array([count, 0, 0, 0]));
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP));
    pass.end();
    encoder.copyBufferToBuffer(buffers.commands, 0, buffers.readback, 0, 4 * this.actionSize * count);
    device.queue.submit([encoder.finish()]);
    await buffers.readback.mapAsync(GPUMapMode.READ, 0, 4 * this.actionSize * count);
    out.set(new Float32Array(buffers.readback.getMappedRange(0, 4 * this.actionSize * count)));
    buffers.readback.unmap();
  }

  destroy(): void {
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
  }
}
