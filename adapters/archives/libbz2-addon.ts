import path from 'node:path';
import { PROJECT_ROOT, loadConfig } from '../../config/config';
import { describeError } from '../../domain/errors';

/**
 * The optional libbz2 addon (native/bz2, built by `npm ci` when a C toolchain and libbz2-dev are
 * there): the system's libbz2 through N-API, streaming, every stream of a member, damage reported
 * after the part that decoded. `BUZZ_BZ2_ADDON=off` neither builds nor loads it.
 */
export interface Libbz2Decoder {
  /** What the piece decodes to; nothing once damaged. */
  push(piece: Buffer): Buffer[];
  /** Why decoding stopped early, or null. */
  damage(): string | null;
  /**
   * Null when the member ended at the end of a stream, else what is wrong with it. Frees the
   * decoder's memory (libbz2's state and a 1 MB buffer, which the garbage collector does not
   * see), so it is called also when a member is given up early; a second call answers the same.
   */
  finish(): string | null;
}

interface Addon {
  Decoder: new () => Libbz2Decoder;
}

const ADDON_FILE = path.join(PROJECT_ROOT, 'native', 'bz2', 'build', 'Release', 'buzz_bz2.node');

let loaded: { addon: Addon } | { problem: string } | undefined;

function load(): { addon: Addon } | { problem: string } {
  if (!loaded && loadConfig().bz2Addon === 'off') loaded = { problem: 'BUZZ_BZ2_ADDON=off' };
  if (!loaded) {
    try {
      const addon = { exports: {} };
      process.dlopen(addon, ADDON_FILE);
      loaded = { addon: addon.exports as Addon };
    } catch (error) {
      loaded = { problem: `${describeError(error)} (npm ci builds it; see the README's prerequisites)` };
    }
  }
  return loaded;
}

/** A new decoder, or undefined when the addon is not built here. */
export function newLibbz2Decoder(): Libbz2Decoder | undefined {
  const found = load();
  return 'addon' in found ? new found.addon.Decoder() : undefined;
}

/** Why the addon cannot be used here, or undefined when it can. */
export function libbz2AddonProblem(): string | undefined {
  const found = load();
  return 'problem' in found ? found.problem : undefined;
}
