/**
 * Tweet ids since November 2010 are "snowflakes": the creation time in milliseconds since the
 * Twitter epoch sits above the low 22 bits. This lets a delete notice, which carries only an
 * id, find the monthly index of the tweet it removes.
 */
const TWITTER_EPOCH_MS = 1_288_834_974_657n;
const FIRST_SNOWFLAKE = 29_700_859_247_000_000n;

export function snowflakeTimeMs(id: string): number | undefined {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  const value = BigInt(id);
  if (value < FIRST_SNOWFLAKE) return undefined;
  return Number((value >> 22n) + TWITTER_EPOCH_MS);
}

export function snowflakeId(timeMs: number, sequence: number): string {
  return (((BigInt(timeMs) - TWITTER_EPOCH_MS) << 22n) | BigInt(sequence & 0x3fffff)).toString();
}
