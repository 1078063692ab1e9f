import {
  ALERT_COLUMNS,
  alertCount,
  alertIdOf,
  alertMessage,
  alertRow,
  deliveryOf,
  ruleFor,
  type AlertRecord,
} from '../../domain/alerts';
import { addDays, type Day } from '../../domain/days';
import { parseSheetRows } from '../../domain/show-config';
import { DEFAULT_SPIKE_RULE, HOURLY, findSpikes, type SeriesPoint } from '../../domain/spike-rule';
import { PLANTED_SPIKE } from '../support/planted-spike';

const START = '2026-11-01';

/** A series from counts (null: nothing ingested that day), every day whole unless `partial` lists it. */
function series(counts: (number | null)[], partial: number[] = []): SeriesPoint[] {
  return counts.map((count, i) => ({
    period: addDays(START, i),
    ...(count === null ? {} : { count }),
    complete: count !== null && !partial.includes(i),
  }));
}

const day = (i: number): Day => addDays(START, i);

describe('findSpikes: median + k × max(MAD, √median, 1) over the 7 days before, at least min_count', () => {
  it('finds a planted spike with its baseline, and nothing in a flat series', () => {
    expect(findSpikes(series([...PLANTED_SPIKE.counts, 14]), DEFAULT_SPIKE_RULE)).toEqual([
      { period: day(7), ...PLANTED_SPIKE.spike },
    ]);
    expect(PLANTED_SPIKE.spike.threshold).toBe(Math.round((10 + 5 * Math.sqrt(10)) * 1000) / 1000);
    expect(DEFAULT_SPIKE_RULE).toEqual(PLANTED_SPIKE.rule);
    expect(findSpikes(series([28, 31, 30, 29, 33, 30, 27, 32, 30, 56]), DEFAULT_SPIKE_RULE)).toEqual([]);
  });

  it('uses the MAD when it is wider than √median, and 1 for a zero baseline', () => {
    // Median 100, MAD 20 (wider than √100 = 10): threshold 200; 200 is not above it, 201 is.
    const wide = [80, 120, 100, 60, 140, 100, 100];
    expect(findSpikes(series([...wide, 200]), DEFAULT_SPIKE_RULE)).toEqual([]);
    expect(findSpikes(series([...wide, 201]), DEFAULT_SPIKE_RULE).map((s) => s.threshold)).toEqual([200]);
    // A show nobody talked about: threshold 0 + 5 × 1; min_count decides.
    expect(findSpikes(series([0, 0, 0, 0, 0, 0, 0, 19]), DEFAULT_SPIKE_RULE)).toEqual([]);
    expect(findSpikes(series([0, 0, 0, 0, 0, 0, 0, 20]), DEFAULT_SPIKE_RULE).map((s) => s.threshold)).toEqual([5]);
  });

  it('alerts on the first day of a run of spike days only', () => {
    const launch = series([10, 10, 10, 10, 10, 10, 10, 80, 90, 70, 10, 10, 10, 10, 10, 10, 10, 10, 80]);
    expect(findSpikes(launch, DEFAULT_SPIKE_RULE).map((s) => s.period)).toEqual([day(7), day(18)]);
  });

  it('leaves days with no data or missing hours out of the baseline, and wants four days of it', () => {
    // Days 0 to 2 had no data, day 3 lost hours: three baseline days before day 7, too few.
    expect(findSpikes(series([null, null, null, 10, 10, 10, 10, 60], [3]), DEFAULT_SPIKE_RULE)).toEqual([]);
    // With day 3 whole, four: median 10.
    expect(findSpikes(series([null, null, null, 10, 10, 10, 10, 60]), DEFAULT_SPIKE_RULE)).toMatchObject([
      { period: day(7), baseline_periods: 4, baseline_median: 10 },
    ]);
    // A day with no data is no spike, even after a quiet week.
    expect(findSpikes(series([10, 10, 10, 10, 10, 10, 10, null]), DEFAULT_SPIKE_RULE)).toEqual([]);
  });

  it('honours a show’s own k and min_count', () => {
    const counts = series(PLANTED_SPIKE.counts);
    expect(findSpikes(counts, { k: 50, min_count: 20 })).toEqual([]);
    expect(findSpikes(counts, { k: 5, min_count: 61 })).toEqual([]);
    expect(findSpikes(counts, { k: 15, min_count: 60 }).map((s) => s.threshold)).toEqual([57.434]);
  });
});

describe('findSpikes by the hour (the live source): the 24 hours before, at least 12', () => {
  /** Hours from 2026-11-26T12 on, across midnight. */
  const hours = (counts: (number | null)[]): SeriesPoint[] =>
    counts.map((count, i) => ({
      period: new Date(Date.parse('2026-11-26T12:00:00Z') + i * 3_600_000).toISOString().slice(0, 13),
      ...(count === null ? {} : { count }),
      complete: count !== null,
    }));

  it('finds a spike hour after a day of baseline, across midnight', () => {
    const quiet = Array.from({ length: 24 }, (_, i) => 8 + (i % 5));
    expect(findSpikes(hours([...quiet, 40, 12]), DEFAULT_SPIKE_RULE, HOURLY)).toEqual([
      // median 10, MAD 1: 10 + 5 × √10
      { period: '2026-11-27T12', ...PLANTED_SPIKE.spike, count: 40, baseline_periods: 24, baseline_mad: 1 },
    ]);
    expect(HOURLY.before('2026-11-27T00', 1)).toBe('2026-11-26T23');
  });

  it('wants twelve ingested hours of baseline (a capture that just started alerts on nothing)', () => {
    expect(findSpikes(hours([...Array(13).fill(null), ...Array(11).fill(10), 60]), DEFAULT_SPIKE_RULE, HOURLY)).toEqual(
      [],
    );
    expect(
      findSpikes(hours([...Array(12).fill(null), ...Array(12).fill(10), 60]), DEFAULT_SPIKE_RULE, HOURLY),
    ).toMatchObject([{ period: '2026-11-27T12', baseline_periods: 12 }]);
  });
});

/** The spike day of the alerts below: day 6 of Zephyrine Hollow's launch. */
const ZEPHYRINE_DAY = {
  show_key: 'zephyrine-hollow:2',
  show_name: 'Zephyrine Hollow',
  season: '2',
  cadence: 'day',
  period: '2026-11-26',
  date: '2026-11-26',
  days_since_launch: 6,
} as const;

describe('alert rule and delivery', () => {
  const rows = (cells: Record<string, string>) =>
    parseSheetRows(
      [
        {
          show_name: 'Zephyrine Hollow',
          season: '2',
          launch_date: '2026-11-20',
          mandatory_search_terms: 'x',
          ...cells,
        },
      ],
      ['show_name', 'season', 'launch_date', 'mandatory_search_terms', ...Object.keys(cells)],
    );

  it('reads alert_k and alert_min_count per row, and names a bad one with its row', () => {
    const { shows } = rows({ alert_k: '3.5', alert_min_count: '50' });
    expect(ruleFor(shows[0]!, DEFAULT_SPIKE_RULE)).toEqual({ k: 3.5, min_count: 50 });
    expect(ruleFor(rows({}).shows[0]!, { k: 4, min_count: 7 })).toEqual({ k: 4, min_count: 7 });
    expect(rows({ alert_k: '0', alert_min_count: '2.5' }).errors).toEqual([
      { row: 2, column: 'alert_k', reason: '"0" is not a number above 0', show_name: 'Zephyrine Hollow' },
      {
        row: 2,
        column: 'alert_min_count',
        reason: '"2.5" is not a whole number above 0',
        show_name: 'Zephyrine Hollow',
      },
    ]);
    expect(rows({ alert_k: 'lots' }).errors.map((e) => e.reason)).toEqual(['"lots" is not a number above 0']);
  });

  it('sends a new alert only with a webhook, and only while it is news', () => {
    const settings = { webhook: true, maxAgeDays: 3 };
    expect(deliveryOf('2026-11-24', '2026-11-27', settings)).toEqual({ status: 'pending' });
    expect(deliveryOf('2026-11-23', '2026-11-27', settings)).toEqual({
      status: 'not_sent',
      reason: 'older than 3 days when found (BUZZ_ALERT_MAX_AGE_DAYS)',
    });
    expect(deliveryOf('2026-11-27', '2026-11-27', { ...settings, webhook: false })).toEqual({
      status: 'not_sent',
      reason: 'no webhook configured (BUZZ_ALERT_WEBHOOK_URL)',
    });
  });

  it('writes a Slack message with the alert under buzz_alert, saying what a sampled count stands for', () => {
    const alert: AlertRecord = {
      alert_id: 'spike:zephyrine-hollow:2:2026-11-26',
      ...ZEPHYRINE_DAY,
      source: 'all',
      ...PLANTED_SPIKE.alert,
      // 60 sampled at 1%: Garwood's 95% interval on 60 is 45.79–77.23.
      est_tweets: 6000,
      est_tweets_low: 4578,
      est_tweets_high: 7724,
      sample_rate: 0.01,
      no_estimate: null,
      ...PLANTED_SPIKE.rule,
      detected_at: '2026-11-27T01:00:00.000Z',
      status: 'pending',
      attempts: 0,
    };
    const text =
      'Spike: Zephyrine Hollow (season 2) had 60 matching tweets on 2026-11-26 (day 6 of its launch), ' +
      'against a median of 10 over the 7 days before. Counted from a sample: an estimated 6,000 in all ' +
      '(95% interval 4,578–7,724).';
    expect(alertMessage(alert)).toEqual({
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
      buzz_alert: {
        alert_id: alert.alert_id,
        show_key: 'zephyrine-hollow:2',
        cadence: 'day',
        period: '2026-11-26',
        source: 'all',
        days_since_launch: 6,
        tweets: 60,
        counts: null,
        organic_tweets: null,
        owned: null,
        flood: null,
        burst: null,
        pageviews: null,
        est_tweets: 6000,
        est_tweets_low: 4578,
        est_tweets_high: 7724,
        sample_rate: 0.01,
        baseline_median: 10,
        baseline_mad: 1,
        threshold: 25.811,
        k: 5,
        min_count: 20,
        detected_at: alert.detected_at,
      },
    });
    expect(
      alertMessage({ ...alert, est_tweets: null, no_estimate: 'the Twitter archive of that day is not the 1% sample' })
        .text,
    ).toBe(
      'Spike: Zephyrine Hollow (season 2) had 60 matching tweets on 2026-11-26 (day 6 of its launch), ' +
        'against a median of 10 over the 7 days before. Counted from a sample, with no estimate of all tweets: ' +
        'the Twitter archive of that day is not the 1% sample.',
    );
    // An alert recorded before estimates existed says only what it counted.
    const { est_tweets: _est, ...older } = alert;
    expect(alertMessage(older).text).toBe(
      'Spike: Zephyrine Hollow (season 2) had 60 matching tweets on 2026-11-26 (day 6 of its launch), ' +
        'against a median of 10 over the 7 days before.',
    );
    // With organic counts: the one the rule ran on first, and how much of the day was not organic.
    const organic = { ...older, tweets: 90, organic_tweets: 60, owned: 25, flood: 4, burst: 1 };
    expect(alertMessage({ ...organic, counts: 'organic' }).text).toBe(
      'Spike: Zephyrine Hollow (season 2) had 60 organic tweets (of 90 matching: 25 owned, 4 flood, 1 burst) ' +
        'on 2026-11-26 (day 6 of its launch), against a median of 10 over the 7 days before.',
    );
    expect(alertMessage({ ...organic, counts: 'raw' }).buzz_alert).toMatchObject({
      tweets: 90,
      counts: 'raw',
      organic_tweets: 60,
      owned: 25,
      flood: 4,
      burst: 1,
    });
    expect(alertCount({ ...organic, counts: 'organic', organic_tweets: 90, owned: 0, flood: 0, burst: 0 })).toBe(
      '90 matching tweets (all organic)',
    );
    expect(alertMessage({ ...organic, counts: 'raw' }).text).toMatch(
      /^Spike: Zephyrine Hollow \(season 2\) had 90 matching tweets \(60 organic; 25 owned, 4 flood, 1 burst\) on/,
    );
  });
});

describe('an hourly alert', () => {
  const alert: AlertRecord = {
    alert_id: 'spike:zephyrine-hollow:3:2026-11-27T14',
    show_key: 'zephyrine-hollow:3',
    show_name: 'Zephyrine Hollow',
    season: '3',
    cadence: 'hour',
    period: '2026-11-27T14',
    date: '2026-11-27',
    source: 'bluesky',
    days_since_launch: 0,
    ...PLANTED_SPIKE.alert,
    baseline_periods: 24,
    // A Bluesky hour captured whole is a census: its count is all there was.
    est_tweets: 60,
    est_tweets_low: 60,
    est_tweets_high: 60,
    sample_rate: 1,
    no_estimate: null,
    ...PLANTED_SPIKE.rule,
    detected_at: '2026-11-27T15:05:00.000Z',
    status: 'pending',
    attempts: 0,
  };

  it('names the hour and the live source in its message, a census needing no estimate', () => {
    expect(alertMessage(alert).text).toBe(
      'Spike: Zephyrine Hollow (season 3) had 60 matching bluesky posts in the hour from 14:00 UTC on 2026-11-27 ' +
        '(day 0 of its launch), against a median of 10 over the 24 hours before.',
    );
  });

  it('is listed (CLI and dashboard) with its hour, show and where its delivery stands', () => {
    const row = alertRow({ ...alert, attempts: 2, last_error: 'The alert webhook answered 500' });
    expect(ALERT_COLUMNS.map((column) => [column.label, row[column.field]])).toEqual([
      ['When', '2026-11-27 14:00 UTC'],
      ['Show', 'Zephyrine Hollow (3)'],
      ['Days since launch', 0],
      ['Count', '60 matching bluesky posts'],
      ['All tweets, est. (95%)', '60 (60–60)'],
      ['Baseline median', 10],
      ['Threshold', 25.811],
      ['Status', 'pending'],
      ['Detail', 'attempt 2: The alert webhook answered 500'],
    ]);
  });
});

describe('a pageviews alert', () => {
  /** A week around 1,000 views a day (median 1,000, MAD 100), then 6,000: threshold 1,000 + 5 × 100. */
  const alert: AlertRecord = {
    alert_id: alertIdOf('zephyrine-hollow:2', '2026-11-26', 'wikipedia'),
    ...ZEPHYRINE_DAY,
    source: 'wikipedia',
    pageviews: 6000,
    baseline_periods: 7,
    baseline_median: 1000,
    baseline_mad: 100,
    threshold: 1500,
    ...PLANTED_SPIKE.rule,
    detected_at: '2026-11-27T01:00:00.000Z',
    status: 'pending',
    attempts: 0,
  };

  it('has an id of its own beside the same day’s tweets alert', () => {
    expect([alertIdOf('zephyrine-hollow:2', '2026-11-26'), alert.alert_id]).toEqual([
      'spike:zephyrine-hollow:2:2026-11-26',
      'spike:zephyrine-hollow:2:wikipedia:2026-11-26',
    ]);
  });

  it('says pageviews, with no sample to estimate from', () => {
    const message = alertMessage(alert);
    expect(message.text).toBe(
      'Spike: Zephyrine Hollow (season 2) had 6,000 Wikipedia pageviews on 2026-11-26 (day 6 of its launch), ' +
        'against a median of 1,000 over the 7 days before.',
    );
    expect(message.buzz_alert).toMatchObject({ source: 'wikipedia', tweets: null, pageviews: 6000, est_tweets: null });
    const row = alertRow(alert);
    expect([row.count, row.estimate]).toEqual(['6,000 Wikipedia pageviews', '']);
  });
});
