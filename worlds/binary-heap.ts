/**
 * A min-heap of (priority, item) pairs on typed arrays, for graph searches. Items may be pushed
 * more than once; callers skip stale entries (lazy deletion), which keeps the heap simple.
 */
export class BinaryMinHeap {
  private priorities: Float64Array;
  private items: Int32Array;
  private count = 0;

  constructor(capacity = 64) {
    this.priorities = new Float64Array(Math.max(capacity, 4));
    this.items = new Int32Array(Math.max(capacity, 4));
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  push(priority: number, item: number): void {
    if (this.count === this.items.length) this.grow();
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.priorities[parent] <= priority) break;
      this.priorities[i] = this.priorities[parent];
      this.items[i] = this.items[parent];
      i = parent;
    }
    this.priorities[i] = priority;
    this.items[i] = item;
  }

  /** Priority of the smallest entry; Infinity when empty. */
  peekPriority(): number {
    return this.count > 0 ? this.priorities[0] : Infinity;
  }

  /** Removes the smallest entry and returns its item; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.items[0];
    const lastPriority = this.priorities[--this.count];
    const lastItem = this.items[this.count];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && this.priorities[child + 1] < this.priorities[child]) child++;
      if (this.priorities[child] >= lastPriority) break;
      this.priorities[i] = this.priorities[child];
      this.items[i] = this.items[child];
      i = child;
    }
    this.priorities[i] = lastPriority;
    this.items[i] = lastItem;
    return top;
  }

  private grow(): void {
    const priorities = new Float64Array(this.priorities.length * 2);
    priorities.set(this.priorities);
    const items = new Int32Array(this.items.length * 2);
    items.set(this.items);
    this.priorities = priorities;
    this.items = items;
  }
}
