import { MAX_SKEW_SECONDS } from '../domain/signature';

/**
 * Remembers accepted signatures until their timestamps are too old to be accepted anyway, so a
 * captured request cannot be sent again. Per API process: behind several API replicas, route
 * the hook to one of them (its traffic is a trickle) or share this state.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  /** True the first time a signature is presented; false for a replay. */
  firstUse(signature: string, nowSeconds: number): boolean {
    for (const [key, expires] of this.seen) {
      // Kept through the second its timestamp turns stale: until then the signature check still passes.
      if (expires >= nowSeconds) break;
      this.seen.delete(key);
    }
    if (this.seen.has(signature)) return false;
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(signature, nowSeconds + 2 * MAX_SKEW_SECONDS);
    return true;
  }
}
