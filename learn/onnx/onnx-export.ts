import { QUADROTOR_RUNGS } from '../../physics/index.ts';
import type { PolicyFile } from '../../sim/index.ts';

/**
 * ONNX export of a policy file (opset 13), so the same network runs in Python, onnxruntime or on
 * a robot: input `observation` [batch, size] (raw, as BatchEnv returns it), output `action`
 * [batch, 4] (rung commands). The graph is the policy's whole path: normalise and clip the
 * observation, Gemm + Tanh per layer, squash, scale and offset, keep within the rung's bounds.
 * The protobuf is written by hand (the format is small and stable); no dependency.
 */
export function exportPolicyToOnnx(policy: PolicyFile): Uint8Array {
  const nodes: Uint8Array[] = [];
  const initializers: Uint8Array[] = [];
  const tensor = (name: string, dims: number[], values: ArrayLike<number>): string => {
    initializers.push(tensorProto(name, dims, values));
    return name;
  };
  const node = (op: string, inputs: string[], output: string, attributes: Uint8Array[] = []): string => {
    nodes.push(message([...inputs.map((i) => stringField(1, i)), stringField(2, output), stringField(3, output), stringField(4, op), ...attributes.map((a) => bytesField(5, a))]));
    return output;
  };
  const size = policy.observation.size, clip = policy.observation.clip;
  let x = node('Sub', ['observation', tensor('observation_mean', [size], policy.observation.mean)], 'centred');
  x = node('Div', [x, tensor('observation_std', [size], policy.observation.std)], 'scaled');
  x = node('Clip', [x, tensor('observation_clip_low', [], [-clip]), tensor('observation_clip_high', [], [clip])], 'network_input');
  policy.layers.forEach((layer, l) => {
    const w = tensor(`layer${l}_weights`, [layer.output, layer.input], layer.weights);
    const b = tensor(`layer${l}_bias`, [layer.output], layer.bias);
    x = node('Gemm', [x, w, b], `layer${l}_linear`, [intAttribute('transB', 1)]);
    if (layer.activation === 'tanh') x = node('Tanh', [x], `layer${l}_tanh`);
  });
  x = policy.action.squash === 'tanh'
    ? node('Tanh', [x], 'squashed')
    : node('Clip', [x, tensor('squash_low', [], [-1]), tensor('squash_high', [], [1])], 'squashed');
  x = node('Mul', [x, tensor('action_scale', [4], policy.action.scale)], 'action_scaled');
  x = node('Add', [x, tensor('action_offset', [4], policy.action.offset)], 'action_unbounded');
  const fields = QUADROTOR_RUNGS[policy.rung];
  x = node('Max', [x, tensor('action_low', [4], fields.map((f) => f.min))], 'action_above_low');
  node('Min', [x, tensor('action_high', [4], fields.map((f) => f.max))], 'action');
  const graph = message([
    ...nodes.map((n) => bytesField(1, n)),
    stringField(2, `skyline_${policy.task}_${policy.rung}_policy`),
    ...initializers.map((t) => bytesField(5, t)),
    bytesField(11, valueInfo('observation', size)),
    bytesField(12, valueInfo('action', 4)),
  ]);
  return message([
    varintField(1, 7), // IR version 7 (ONNX 1.8+)
    stringField(2, 'skyline'),
    stringField(3, '1'),
    bytesField(7, graph),
    bytesField(8, message([stringField(1, ''), varintField(2, 13)])),
  ]);
}

function tensorProto(name: string, dims: number[], values: ArrayLike<number>): Uint8Array {
  const raw = new Uint8Array(Float32Array.from(values as ArrayLike<number>).buffer); // little-endian, as ONNX requires
  return message([...dims.map((d) => varintField(1, d)), varintField(2, 1 /* FLOAT */), stringField(8, name), bytesField(9, raw)]);
}

/** A float tensor input/output of shape [batch, width] with a symbolic batch dimension. */
function valueInfo(name: string, width: number): Uint8Array {
  const shape = message([bytesField(1, message([stringField(2, 'batch')])), bytesField(1, message([varintField(1, width)]))]);
  const tensorType = message([varintField(1, 1), bytesField(2, shape)]);
  return message([stringField(1, name), bytesField(2, message([bytesField(1, tensorType)]))]);
}

function intAttribute(name: string, value: number): Uint8Array {
  return message([stringField(1, name), varintField(3, value), varintField(20, 2 /* INT */)]);
}

// Protobuf wire format: a field is a varint key (number << 3 | wire type) and its value.
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field << 3), ...varint(value)]);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  const head = [...varint((field << 3) | 2), ...varint(bytes.length)];
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

function stringField(field: number, text: string): Uint8Array {
  return bytesField(field, new TextEncoder().encode(text));
}

function message(fields: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, f) => n + f.length, 0));
  let offset = 0;
  for (const f of fields) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
}
