/**
 * skyline-bench/1: three suites of 20 fixed episodes each. Data only; any change here is a new
 * version (skyline-bench/2), never an edit of this one.
 */
import type { BenchmarkDefinition } from './benchmark-suite.ts';

const seeds = (first: number): number[] => Array.from({ length: 20 }, (_, i) => first + i);

export const SKYLINE_BENCH_1: BenchmarkDefinition = {
  version: 'skyline-bench/1',
  suites: [
    {
      name: 'delivery', task: 'delivery',
      description: 'A day shift of a delivery fleet (4 drones, 2 robots): orders arrive over time and must be delivered before their deadlines.',
      worldSize: 1000, budgetS: 600, decideEveryS: 1, fleet: { drones: 4, robots: 2 }, orderRatePerHour: 120,
      successRule: 'score = orders delivered on time / orders created; success when the score is at least 0.4',
      seeds: seeds(1),
    },
    {
      name: 'search', task: 'search',
      description: 'Find a described object (a coloured car on a roof, a crate in a park, a marker post on a street) that only the camera shows, then call found.',
      worldSize: 600, budgetS: 480, decideEveryS: 1,
      successRule: 'found called within 10 m horizontally of the object and at most 20 m above it',
      seeds: seeds(101),
    },
    {
      name: 'navigate', task: 'navigate',
      description: 'Follow an instruction ("land on the roof of the tallest building on Elm St", "fly to the park north of Depot 2").',
      worldSize: 600, budgetS: 480, decideEveryS: 1,
      successRule: 'landed within 2 m (horizontally, on the intended surface) of the intended spot',
      seeds: seeds(201),
    },
  ],
};
