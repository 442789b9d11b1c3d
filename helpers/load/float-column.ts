/** An append-only column of numbers in a Float64Array that doubles when full. */
export class FloatColumn {
  private data: Float64Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** A copy trimmed to the values pushed. */
  toArray(): Float64Array {
    return this.data.slice(0, this.size);
  }
}
