/**
 * A set of tweet ids held as 64-bit integers: a real day of the archive names about 1.4 million
 * deleted tweets, which as strings in a Set (with an object per id beside them) ran a worker out
 * of its 256 MB heap (docs/benchmarks.md, P8); as integers they take about 16 MB. Ids that are not
 * canonical 64-bit decimals (leading zeros, too large) are kept as strings, so the set never
 * merges two distinct ids.
 */
export class TweetIdSet {
  private ids = new BigUint64Array(1024);
  private count = 0;
  private readonly others = new Set<string>();
  private sorted = true;

  add(id: string): void {
    if (!/^[1-9]\d{0,19}$/.test(id) || BigInt(id) >= 2n ** 64n) {
      this.others.add(id);
      return;
    }
    if (this.count === this.ids.length) {
      const grown = new BigUint64Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.count++] = BigInt(id);
    this.sorted = false;
  }

  /** Sorts and drops repeats once, when first read. */
  private distinct(): BigUint64Array {
    if (!this.sorted) {
      const ids = this.ids.subarray(0, this.count).sort();
      let kept = 0;
      for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[kept - 1]) ids[kept++] = ids[i]!;
      this.count = kept;
      this.sorted = true;
    }
    return this.ids.subarray(0, this.count);
  }

  get size(): number {
    return this.distinct().length + this.others.size;
  }

  /** Every id once, `size` at a time. */
  *chunks(size: number): Generator<string[]> {
    const ids = this.distinct();
    for (let start = 0; start < ids.length; start += size)
      yield Array.from(ids.subarray(start, start + size), (id) => id.toString());
    const others = [...this.others];
    for (let start = 0; start < others.length; start += size) yield others.slice(start, start + size);
  }
}
