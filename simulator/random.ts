/** A small seeded generator (mulberry32): the same seed gives the same sample data everywhere. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A key of `weights`, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.int(0x10000).toString(16).padStart(4, '0');
    return out.slice(0, length);
  }

  /** A made-up word of 1–4 syllables: names, slang and typos make real tweets this varied. */
  word(): string {
    const onsets = [
      'b',
      'br',
      'c',
      'ch',
      'd',
      'f',
      'g',
      'gr',
      'h',
      'j',
      'k',
      'l',
      'm',
      'n',
      'p',
      'qu',
      'r',
      's',
      'sh',
      'st',
      't',
      'tr',
      'v',
      'w',
      'y',
      'z',
    ];
    const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'y'];
    const codas = ['', '', '', 'n', 'r', 's', 't', 'l', 'x', 'ck'];
    let out = '';
    for (let i = 1 + this.int(4); i > 0; i--) out += this.pick(onsets) + this.pick(vowels) + this.pick(codas);
    return this.chance(0.2) ? out + this.alnum(1 + this.int(3)).toLowerCase() : out;
  }

  alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.int(chars.length)];
    return out;
  }
}
