import type { DroneTask } from './drone-task.ts';
import { hoverTask } from './hover-task.ts';
import { waypointsTask } from './waypoints-task.ts';

/** Batched drone tasks by name; adding a task is one file and one line here. */
const TASKS: Record<string, DroneTask> = {
  hover: hoverTask,
  waypoints: waypointsTask,
};

export const DRONE_TASK_NAMES = Object.keys(TASKS);

export function taskByName(name: string): DroneTask {
  const task = TASKS[name];
  if (!task) throw new RangeError(`task "${name}" is unknown; accepted: ${DRONE_TASK_NAMES.join(', ')}`);
  return task;
}
