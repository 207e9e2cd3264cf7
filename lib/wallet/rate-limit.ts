/**
 * A token bucket: `capacity` events at once, then one every `refillMs`. Pure (time is passed in), so the
 * relay and the background use it the same way and tests drive it without timers.
 */
export class TokenBucket {
  private readonly capacity: number;
  private readonly refillMs: number;
  private tokens: number;
  private last: number;

  constructor(capacity: number, refillMs: number, now: number) {
    this.capacity = capacity;
    this.refillMs = refillMs;
    this.tokens = capacity;
    this.last = now;
  }

  /** Take one token; false when empty (the event is dropped, not queued). */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last);
    const refill = Math.floor(elapsed / this.refillMs);
    if (refill > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + refill);
      this.last += refill * this.refillMs;
    }
    if (this.tokens === 0) return false;
    this.tokens -= 1;
    return true;
  }
}

/** One bucket per key (tab id), with a bound on how many keys are remembered. */
export class KeyedRateLimiter<K> {
  private readonly buckets = new Map<K, TokenBucket>();
  private readonly capacity: number;
  private readonly refillMs: number;
  private readonly maxKeys: number;

  constructor(capacity: number, refillMs: number, maxKeys = 1_000) {
    this.capacity = capacity;
    this.refillMs = refillMs;
    this.maxKeys = maxKeys;
  }

  take(key: K, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as K);
      bucket = new TokenBucket(this.capacity, this.refillMs, now);
      this.buckets.set(key, bucket);
    }
    return bucket.take(now);
  }
}
