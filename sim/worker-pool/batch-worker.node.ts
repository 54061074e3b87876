/** A worker thread of a batch: attaches to the shared arena and runs commands on its slice. */
import { workerData, type MessagePort } from 'node:worker_threads';
import { BatchArena, type ArenaField } from '../../physics/index.ts';
import { BatchCore, CONTROL } from '../batch/batch-core.ts';
import type { BatchConfig } from '../batch/batch-config.ts';
import { BATCH_COMMAND, runBatchCommand } from './batch-commands.ts';

interface BatchWorkerData {
  config: BatchConfig;
  memory: WebAssembly.Memory;
  fields: ArenaField[];
  start: number;
  end: number;
  errorPort: MessagePort;
}

const data = workerData as BatchWorkerData;
const core = new BatchCore(data.config, BatchArena.attach(data.memory, data.fields));
const control = core.control;
let seen = Atomics.load(control, CONTROL.generation);
data.errorPort.postMessage({ ready: true });

for (;;) {
  Atomics.wait(control, CONTROL.generation, seen);
  seen = Atomics.load(control, CONTROL.generation);
  const command = Atomics.load(control, CONTROL.command);
  if (command === BATCH_COMMAND.exit) break;
  try {
    runBatchCommand(core, {
      command,
      seed: control[CONTROL.seed] >>> 0,
      steps: control[CONTROL.steps],
      policyIndex: control[CONTROL.policy],
      stepCounter: control[CONTROL.stepCounter],
    }, data.start, data.end);
  } catch (error) {
    Atomics.store(control, CONTROL.error, 1);
    data.errorPort.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
  Atomics.add(control, CONTROL.done, 1);
  Atomics.notify(control, CONTROL.done);
}
data.errorPort.close();
