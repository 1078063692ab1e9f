import type { ShowConfig } from '../../domain/show-config';

/** Zephyrine Hollow season 2 as the sheet's row gives it (launch 2019-07-01), with some fields changed. */
export function showConfigFixture(overrides: Partial<ShowConfig> = {}): ShowConfig {
  return {
    show_key: 'zephyrine-hollow:2',
    show_name: 'Zephyrine Hollow',
    season: '2',
    studio_or_network: 'Northlight',
    launch_date: '2019-07-01',
    window_start: '2019-06-24',
    window_end: '2019-07-29',
    mandatory: [{ text: 'Zephyrine Hollow', kind: 'phrase', norm: 'zephyrine hollow' }],
    optional: [],
    excluded: [],
    timezone: 'UTC',
    match_mode: 'exact',
    active: true,
    row: 2,
    ...overrides,
  };
}
