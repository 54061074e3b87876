/**
 * The road network as a graph: intersections are nodes, street segments are two-way edges with
 * their street's name and length. A* (straight-line heuristic, admissible because every edge is a
 * straight segment) finds shortest routes; Dijkstra is kept as the reference the tests compare with.
 */
import type { WorldSpec } from './world-spec.ts';
import { BinaryMinHeap } from './binary-heap.ts';

export interface RoadRoute {
  /** Intersection ids from start to goal. */
  nodes: number[];
  /** Road segment ids walked, one fewer than nodes. */
  segments: number[];
  /** Metres along the roads. */
  length: number;
  /** Street names in the order driven, each once per stretch ("Elm St", "Oak Ave"). */
  streets: string[];
}

export interface RouteStep {
  street: string;
  metres: number;
  /** Where the stretch ends: the intersection's id. */
  endNode: number;
}

export class RoadGraph {
  readonly nodeCount: number;
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /** Edges of node n are adjacency*[adjacencyStart[n] .. adjacencyStart[n + 1]). */
  readonly adjacencyStart: Int32Array;
  readonly adjacencyNode: Int32Array;
  readonly adjacencySegment: Int32Array;
  readonly segmentLength: Float64Array;
  readonly segmentStreet: Int32Array;
  readonly streetNames: readonly string[];
  private readonly nodeStreets: string[][];
  private readonly heap = new BinaryMinHeap(256);

  constructor(spec: WorldSpec) {
    const n = spec.intersections.length;
    this.nodeCount = n;
    this.nodeX = new Float64Array(n);
    this.nodeY = new Float64Array(n);
    spec.intersections.forEach((node, i) => {
      this.nodeX[i] = node.x;
      this.nodeY[i] = node.y;
    });
    this.streetNames = spec.streets.map((street) => street.name);
    const segments = spec.roadSegments;
    this.segmentLength = new Float64Array(segments.length);
    this.segmentStreet = new Int32Array(segments.length);
    const degree = new Int32Array(n + 1);
    segments.forEach((segment, s) => {
      this.segmentLength[s] = Math.hypot(this.nodeX[segment.to] - this.nodeX[segment.from], this.nodeY[segment.to] - this.nodeY[segment.from]);
      this.segmentStreet[s] = segment.streetId;
      degree[segment.from + 1]++;
      degree[segment.to + 1]++;
    });
    for (let i = 0; i < n; i++) degree[i + 1] += degree[i];
    this.adjacencyStart = degree;
    this.adjacencyNode = new Int32Array(degree[n]);
    this.adjacencySegment = new Int32Array(degree[n]);
    const cursor = degree.slice(0, n);
    segments.forEach((segment, s) => {
      let k = cursor[segment.from]++;
      this.adjacencyNode[k] = segment.to;
      this.adjacencySegment[k] = s;
      k = cursor[segment.to]++;
      this.adjacencyNode[k] = segment.from;
      this.adjacencySegment[k] = s;
    });
    this.nodeStreets = Array.from({ length: n }, () => []);
    segments.forEach((segment) => {
      const name = this.streetNames[segment.streetId];
      for (const node of [segment.from, segment.to]) if (!this.nodeStreets[node].includes(name)) this.nodeStreets[node].push(name);
    });
  }

  /** The intersection nearest to (x, y); -1 for a graph without nodes. */
  nearestNode(x: number, y: number): number {
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < this.nodeCount; i++) {
      const dx = this.nodeX[i] - x;
      const dy = this.nodeY[i] - y;
      const d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /** Street names meeting at an intersection, sorted. */
  streetsAt(node: number): string[] {
    this.checkNode(node, 'node');
    return [...this.nodeStreets[node]].sort();
  }

  /** "Elm St & Oak Ave" for a crossing, the street's name for a dead end. */
  intersectionName(node: number): string {
    return this.streetsAt(node).join(' & ');
  }

  /** The intersection where two named streets cross, or -1. */
  intersectionOf(streetA: string, streetB: string): number {
    for (let i = 0; i < this.nodeCount; i++) {
      const streets = this.nodeStreets[i];
      if (streets.includes(streetA) && streets.includes(streetB)) return i;
    }
    return -1;
  }

  /** Shortest route by A*; null when the goal cannot be reached. */
  shortestPath(start: number, goal: number): RoadRoute | null {
    return this.search(start, goal, true);
  }

  /** Shortest route by plain Dijkstra (no heuristic); the reference for A*. */
  shortestPathDijkstra(start: number, goal: number): RoadRoute | null {
    return this.search(start, goal, false);
  }

  /** Route between two arbitrary points: from the intersection nearest each. */
  routeBetweenPoints(ax: number, ay: number, bx: number, by: number): RoadRoute | null {
    return this.shortestPath(this.nearestNode(ax, ay), this.nearestNode(bx, by));
  }

  /** Turn-by-turn stretches of a route: one step per street followed. */
  routeSteps(route: RoadRoute): RouteStep[] {
    const steps: RouteStep[] = [];
    route.segments.forEach((segment, k) => {
      const street = this.streetNames[this.segmentStreet[segment]];
      const last = steps[steps.length - 1];
      if (last && last.street === street) {
        last.metres += this.segmentLength[segment];
        last.endNode = route.nodes[k + 1];
      } else {
        steps.push({ street, metres: this.segmentLength[segment], endNode: route.nodes[k + 1] });
      }
    });
    return steps;
  }

  /** A route in words, for language agents: "Follow Elm St for 320 m to Elm St & Oak Ave; ...". */
  describeRoute(route: RoadRoute): string {
    const steps = this.routeSteps(route);
    if (steps.length === 0) return 'You are already there.';
    return steps
      .map((step, k) => `${k === 0 ? 'Follow' : 'turn onto'} ${step.street} for ${Math.round(step.metres)} m to ${this.intersectionName(step.endNode)}`)
      .join('; ')
      .replace(/^./, (first) => first.toUpperCase()) + '.';
  }

  private search(start: number, goal: number, useHeuristic: boolean): RoadRoute | null {
    this.checkNode(start, 'start');
    this.checkNode(goal, 'goal');
    const n = this.nodeCount;
    const distance = new Float64Array(n).fill(Infinity);
    const previousSegment = new Int32Array(n).fill(-1);
    const previousNode = new Int32Array(n).fill(-1);
    const closed = new Uint8Array(n);
    const gx = this.nodeX[goal];
    const gy = this.nodeY[goal];
    const heuristic = (node: number): number => (useHeuristic ? Math.hypot(this.nodeX[node] - gx, this.nodeY[node] - gy) : 0);
    const heap = this.heap;
    heap.clear();
    distance[start] = 0;
    heap.push(heuristic(start), start);
    while (heap.size > 0) {
      const node = heap.pop();
      if (closed[node]) continue;
      closed[node] = 1;
      if (node === goal) break;
      for (let k = this.adjacencyStart[node]; k < this.adjacencyStart[node + 1]; k++) {
        const next = this.adjacencyNode[k];
        if (closed[next]) continue;
        const candidate = distance[node] + this.segmentLength[this.adjacencySegment[k]];
        if (candidate < distance[next]) {
          distance[next] = candidate;
          previousNode[next] = node;
          previousSegment[next] = this.adjacencySegment[k];
          heap.push(candidate + heuristic(next), next);
        }
      }
    }
    if (distance[goal] === Infinity) return null;
    const nodes: number[] = [goal];
    const segments: number[] = [];
    for (let node = goal; node !== start; node = previousNode[node]) {
      segments.push(previousSegment[node]);
      nodes.push(previousNode[node]);
    }
    nodes.reverse();
    segments.reverse();
    const route: RoadRoute = { nodes, segments, length: distance[goal], streets: [] };
    route.streets = this.routeSteps(route).map((step) => step.street);
    return route;
  }

  private checkNode(node: number, name: string): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodeCount) {
      throw new RangeError(`${name}: must be an intersection id in [0, ${this.nodeCount - 1}] (got ${String(node)})`);
    }
  }
}
