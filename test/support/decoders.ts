import { BZ2_DECODERS } from '../../adapters/archives/decompress';
import { loadConfig } from '../../config/config';

/**
 * `BUZZ_BZ2_ADDON=off` says the libbz2 addon is left out on purpose (no C toolchain): its tests are
 * skipped. Otherwise `npm ci` built it, and a test of it fails where it is missing.
 */
export const ADDON_OFF = loadConfig().bz2Addon === 'off';

export const TESTED_DECODERS = BZ2_DECODERS.filter((decoder) => decoder !== 'addon' || !ADDON_OFF);
