import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../simulator/sample-data';
import { readLeaderboard } from '../../services/leaderboard';
import { buzzTotals, coverageOf, hasMetrics, type Coverage } from '../../domain/buzz-coverage';
import { addDays, daysBetween, type Day } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { utcHoursOfLocalDay } from '../../domain/local-days';
import { aggregatePhrases, type DayTruth, type PhraseDayTruth, type ShowDayTruth } from '../../simulator/generator';
import { SAMPLE_SHOWS, sampleSheetCsv, type SampleShow } from '../../simulator/shows';
import { workflowIds } from '../../contracts/workflow-ids';
import { backfill } from '../../workflows/backfill';
import { ingestDay } from '../../workflows/ingest-day';
import { lastResultQuery } from '../../contracts/shows';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const DAYS = daysBetween('2019-07-01', '2019-07-05');
const METRIC_FIELDS = [
  'tweets',
  'original_tweets',
  'retweets',
  'unique_authors',
  'share_of_sample',
  'statuses_in_sample',
  'term_counts',
];

describe('shows from the sheet and their buzz, exact against generated ground truth (real services)', () => {
  let env: BuzzTestEnv;
  let sheetFile: string;
  let days: Record<Day, DayTruth>;
  let byPhrase: Record<string, Record<Day, Record<string, PhraseDayTruth>>>;
  let archives: string;

  const sync = () =>
    env.temporal.workflow.execute(syncShows, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: `${workflowIds.syncShows(`file:${sheetFile}`)}-${Date.now()}`,
      args: [{ sheetUri: `file:${sheetFile}` }],
    });

  /** Waits until the show's workflow has computed after `since`. */
  const computedAfter = async (showKey: string, since: number): Promise<void> => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const last = await env.temporal.workflow
        .getHandle(workflowIds.show(showKey))
        .query(lastResultQuery)
        .catch(() => undefined);
      if (last && Date.parse(last.computedAt) > since) return;
      if (Date.now() > deadline) throw new Error(`${showKey} did not compute`);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  };

  /**
   * Kept statuses and coverage of a local day, from the generated members' truth: every generated
   * UTC day is ingested, and no other.
   */
  const sampleOf = (day: Day, zone: string): { statuses: number; coverage: Coverage } => {
    let statuses = 0;
    const hours = utcHoursOfLocalDay(day, zone);
    const ingested = hours.filter((hour) => days[hour.day] !== undefined);
    for (const hour of ingested)
      for (const [key, member] of Object.entries(days[hour.day]!.per_member))
        if (key.startsWith(`${hour.group}/`)) statuses += member.en;
    const coverage = ingested.length === 0 ? 'none' : ingested.length === hours.length ? 'complete' : 'partial';
    return { statuses, coverage };
  };

  /** Checks every day of a show's window against the ground truth; returns its days by coverage. */
  const expectBuzz = async (
    show: SampleShow,
    expected: Record<Day, ShowDayTruth>,
    window: [Day, Day],
    terms: string[],
  ): Promise<Record<Coverage, Day[]>> => {
    const docs = await env.repos.dailyBuzz.ofShow(show.show_key);
    expect(docs.map((d) => d.date)).toEqual(daysBetween(...window));
    const zone = show.row.timezone || 'UTC';
    const byCoverage: Record<Coverage, Day[]> = { none: [], partial: [], complete: [] };
    for (const doc of docs) {
      const sample = sampleOf(doc.date, zone);
      byCoverage[sample.coverage].push(doc.date);
      expect([doc.date, coverageOf(doc), doc.data_complete]).toEqual([
        doc.date,
        sample.coverage,
        sample.coverage === 'complete',
      ]);
      if (!hasMetrics(doc)) {
        // Nothing ingested: no metric field at all (Elasticsearch and Kibana see missing values, not zeros).
        expect([doc.date, Object.keys(doc).filter((key) => METRIC_FIELDS.includes(key))]).toEqual([doc.date, []]);
        continue;
      }
      const want = expected[doc.date] ?? { tweets: 0, original_tweets: 0, retweets: 0, unique_authors: 0, terms: {} };
      expect({
        date: doc.date,
        tweets: doc.tweets,
        original: doc.original_tweets,
        retweets: doc.retweets,
        authors: doc.unique_authors,
      }).toEqual({
        date: doc.date,
        tweets: want.tweets,
        original: want.original_tweets,
        retweets: want.retweets,
        authors: want.unique_authors,
      });
      expect(Object.fromEntries(doc.term_counts.map((t) => [t.term, t.tweets]))).toEqual(
        Object.fromEntries(terms.map((t) => [t, want.terms[t] ?? 0])),
      );
      expect(doc.statuses_in_sample).toBe(sample.statuses);
      if (sample.statuses > 0) expect(doc.share_of_sample).toBeCloseTo(want.tweets / sample.statuses, 12);
      else expect(doc.share_of_sample).toBeNull();
    }
    return byCoverage;
  };

  const truthFor = (show: SampleShow, termsOf: (phrase: string) => string[]) =>
    aggregatePhrases(byPhrase[show.show_key]!, termsOf);
  const sheetTerms = (show: SampleShow) => {
    const map = new Map(show.phrases.map((p) => [p.text, p.terms]));
    return (phrase: string) => map.get(phrase) ?? [];
  };
  const termsOfRow = (show: SampleShow) => [
    ...new Set(
      [show.row.mandatory_search_terms, show.row.optional_search_terms]
        .flatMap((cell) => cell.split(','))
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    archives = path.join(env.workDir, 'archives');
    const written = await writeSampleData({
      out: archives,
      from: DAYS[0]!,
      days: DAYS.length,
      linesPerMinute: 6,
      seed: 21,
      format: 'tar',
    });
    days = written.days;
    byPhrase = written.buzz_by_phrase;
    sheetFile = path.join(archives, 'shows.csv');
    await env.startWorker({ maxActivities: 8 });
    // The first four days, then the sheet, then the last day: the shows learn of it from ingestion.
    await env.temporal.workflow.execute(backfill, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.backfill(DAYS[0]!, DAYS[3]!),
      args: [{ days: DAYS.slice(0, 4), source: `dir:${archives}`, languages: ['en'] }],
    });
  });

  afterAll(() => env?.close());

  it('syncs the sample sheet: one workflow per show, each computing its whole window', async () => {
    const since = Date.now();
    const report = await sync();
    expect(report).toMatchObject({
      rows: 4,
      valid: 4,
      errors: [],
      started: SAMPLE_SHOWS.map((s) => s.show_key),
      updated: [],
      removed: [],
    });
    for (const show of SAMPLE_SHOWS) await computedAfter(show.show_key, since);
    const shows = await env.repos.shows.all();
    expect(shows.map((s) => [s.show_key, s.status])).toEqual(SAMPLE_SHOWS.map((s) => [s.show_key, 'active']).sort());
  });

  it('an ingested day reaches the shows covering it; every metric equals the ground truth', async () => {
    const since = Date.now();
    await env.temporal.workflow.execute(ingestDay, {
      taskQueue: env.config.temporal.taskQueue,
      workflowId: workflowIds.ingestDay(DAYS[4]!),
      args: [{ day: DAYS[4]!, source: `dir:${archives}`, languages: ['en'] }],
    });
    for (const show of SAMPLE_SHOWS) await computedAfter(show.show_key, since);
    const configs = (await env.repos.shows.all()).map((s) => s.config);
    const coverage: Record<string, { complete: Day[]; partial: Day[]; none: number }> = {};
    for (const show of SAMPLE_SHOWS) {
      const config = configs.find((c) => c.show_key === show.show_key)!;
      const byCoverage = await expectBuzz(
        show,
        truthFor(show, sheetTerms(show)),
        [config.window_start, config.window_end],
        termsOfRow(show),
      );
      coverage[show.show_key] = { ...byCoverage, none: byCoverage.none.length };
    }
    // Windows reach far beyond the 5 ingested UTC days; Los Angeles and Tokyo days that straddle
    // an ingested and a missing UTC day are partial.
    expect(coverage).toEqual({
      'zephyrine-hollow:2': { complete: DAYS, partial: [], none: 31 },
      'the-marrowdeep-affair:1': { complete: DAYS.slice(0, 4), partial: ['2019-07-05'], none: 26 },
      'quillfeather:3': { complete: DAYS, partial: [], none: 8 },
      'glimmer-tide:1': {
        complete: daysBetween('2019-07-02', '2019-07-05'),
        partial: ['2019-07-01', '2019-07-06'],
        none: 30,
      },
    });
    // What makes these checks meaningful: matches on every rule, non-UTC days with data.
    const total = (key: string) =>
      Object.values(
        truthFor(
          SAMPLE_SHOWS.find((s) => s.show_key === key)!,
          sheetTerms(SAMPLE_SHOWS.find((s) => s.show_key === key)!),
        ),
      ).reduce((sum, d) => sum + d.tweets, 0);
    for (const show of SAMPLE_SHOWS) expect(total(show.show_key)).toBeGreaterThan(5);
  });

  it('ranks the shows over the same days since launch, exactly as planted; a window not wholly ingested is flagged, not ranked', async () => {
    const window = { from: 0, to: 1 };
    const expected = SAMPLE_SHOWS.map((show) => {
      const zone = show.row.timezone || 'UTC';
      const windowDays = [show.row.launch_date, addDays(show.row.launch_date, 1)];
      const truth = truthFor(show, sheetTerms(show));
      const terms = sheetTerms(show);
      const authors = new Set(
        windowDays.flatMap((day) =>
          Object.entries(byPhrase[show.show_key]![day] ?? {})
            .filter(([phrase]) => terms(phrase).length > 0)
            .flatMap(([, counts]) => counts.authors),
        ),
      );
      const samples = windowDays.map((day) => sampleOf(day, zone));
      const measured = windowDays.filter((_, i) => samples[i]!.coverage !== 'none');
      const tweets = measured.reduce((sum, day) => sum + (truth[day]?.tweets ?? 0), 0);
      const statuses = samples.reduce((sum, sample) => sum + sample.statuses, 0);
      return {
        show_key: show.show_key,
        complete: samples.every((sample) => sample.coverage === 'complete'),
        days_with_data: measured.length,
        tweets: measured.length > 0 ? tweets : null,
        share_of_sample: measured.length > 0 ? tweets / statuses : null,
        unique_authors: measured.length > 0 ? authors.size : null,
        daily_tweets: windowDays.map((day, i) => (samples[i]!.coverage === 'none' ? null : (truth[day]?.tweets ?? 0))),
      };
    });
    const rows = await readLeaderboard(env.repos, window, 'tweets');
    const ranked = expected.filter((row) => row.complete).sort((a, b) => b.tweets! - a.tweets!);
    // Los Angeles: launch day 07-05 is partly ingested, 07-06 not at all.
    expect(expected.filter((row) => !row.complete).map((row) => row.show_key)).toEqual(['the-marrowdeep-affair:1']);
    expect(new Set(ranked.map((row) => row.tweets)).size).toBe(ranked.length);
    expect(
      rows.map(
        ({ rank, show_key, complete, days_with_data, tweets, share_of_sample, unique_authors, daily_tweets }) => ({
          rank,
          show_key,
          complete,
          days_with_data,
          tweets,
          share_of_sample,
          unique_authors,
          daily_tweets,
        }),
      ),
    ).toEqual([
      ...ranked.map((row, i) => ({ rank: i + 1, ...row, share_of_sample: expect.closeTo(row.share_of_sample!, 12) })),
      ...expected
        .filter((row) => !row.complete)
        .map((row) => ({ rank: null, ...row, share_of_sample: expect.closeTo(row.share_of_sample!, 12) })),
    ]);
    // Ranked by share of sample, the same complete windows, in that metric's order.
    const byShare = await readLeaderboard(env.repos, window, 'share_of_sample');
    expect(byShare.filter((row) => row.rank !== null).map((row) => row.show_key)).toEqual(
      [...ranked].sort((a, b) => b.share_of_sample! - a.share_of_sample!).map((row) => row.show_key),
    );
  });

  it("editing one show's terms recomputes only that show, and leaves no stale documents", async () => {
    const marrowdeep = SAMPLE_SHOWS.find((s) => s.show_key === 'the-marrowdeep-affair:1')!;
    const before = new Map<string, string[]>();
    for (const show of SAMPLE_SHOWS)
      before.set(
        show.show_key,
        (await env.repos.dailyBuzz.ofShow(show.show_key)).map((d) => d.computed_at),
      );
    const edited = SAMPLE_SHOWS.map((s) =>
      s === marrowdeep ? { ...s, row: { ...s.row, optional_search_terms: '#MarrowdeepFinale' } } : s,
    );
    fs.writeFileSync(sheetFile, sampleSheetCsv(edited));

    const since = Date.now();
    const report = await sync();
    expect(report).toMatchObject({
      updated: [marrowdeep.show_key],
      started: [],
      unchanged: SAMPLE_SHOWS.filter((s) => s !== marrowdeep).map((s) => s.show_key),
    });
    await computedAfter(marrowdeep.show_key, since);

    const docs = await env.repos.dailyBuzz.ofShow(marrowdeep.show_key);
    expect(new Set(docs.map((d) => d.computed_at)).size).toBe(1);
    expect(Date.parse(docs[0]!.computed_at)).toBeGreaterThan(since);
    const onlyFinale = (phrase: string) =>
      phrase === 'marrowdeep #MarrowdeepFinale' ? ['Marrowdeep', '#MarrowdeepFinale'] : [];
    await expectBuzz(
      marrowdeep,
      truthFor(marrowdeep, onlyFinale),
      ['2019-07-01', '2019-07-31'],
      ['Marrowdeep', '#MarrowdeepFinale'],
    );
    for (const show of SAMPLE_SHOWS.filter((s) => s !== marrowdeep)) {
      expect((await env.repos.dailyBuzz.ofShow(show.show_key)).map((d) => d.computed_at)).toEqual(
        before.get(show.show_key),
      );
    }
  });

  it('shrinking a window deletes the days outside it; removing a row retires the show and its data', async () => {
    const quill = SAMPLE_SHOWS.find((s) => s.show_key === 'quillfeather:3')!;
    const glimmer = SAMPLE_SHOWS.find((s) => s.show_key === 'glimmer-tide:1')!;
    const rows = SAMPLE_SHOWS.filter((s) => s !== glimmer).map((s) =>
      s === quill
        ? { ...s, row: { ...s.row, analysis_date_window_end: '2019-07-03' } }
        : s.show_key === 'the-marrowdeep-affair:1'
          ? { ...s, row: { ...s.row, optional_search_terms: '#MarrowdeepFinale' } }
          : s,
    );
    fs.writeFileSync(sheetFile, sampleSheetCsv(rows));
    const since = Date.now();
    const report = await sync();
    expect(report).toMatchObject({ updated: [quill.show_key], removed: [glimmer.show_key] });
    await computedAfter(quill.show_key, since);
    await expectBuzz(quill, truthFor(quill, sheetTerms(quill)), ['2019-06-28', '2019-07-03'], termsOfRow(quill));

    await env.temporal.workflow.getHandle(workflowIds.show(glimmer.show_key)).result();
    expect(await env.repos.dailyBuzz.ofShow(glimmer.show_key)).toEqual([]);
    expect((await env.repos.shows.all()).find((s) => s.show_key === glimmer.show_key)?.status).toBe('removed');
  });

  it('fuzzy mode matches each word of a term within an edit distance, in any order', async () => {
    const zephyrine = SAMPLE_SHOWS.find((s) => s.show_key === 'zephyrine-hollow:2')!;
    const fuzzy: SampleShow = {
      ...zephyrine,
      show_key: 'zephyrine-fuzzy:1',
      row: {
        ...zephyrine.row,
        show_name: 'Zephyrine Fuzzy',
        season: '1',
        mandatory_search_terms: 'Zephyrine Holow',
        match_mode: 'fuzzy',
      },
    };
    fs.appendFileSync(sheetFile, sampleSheetCsv([fuzzy]).split('\n')[1] + '\n');
    const since = Date.now();
    expect(await sync()).toMatchObject({ started: ['zephyrine-fuzzy:1'] });
    await computedAfter(fuzzy.show_key, since);
    // Every planted phrase with both words, in any order; not the one-word hashtag.
    const termsOf = (phrase: string) => (phrase === '#ZephyrineHollow' ? [] : ['Zephyrine Holow']);
    const expected = aggregatePhrases(byPhrase[zephyrine.show_key]!, termsOf);
    await expectBuzz(fuzzy, expected, ['2019-06-26', '2019-07-31'], ['Zephyrine Holow']);
    expect(buzzTotals(await env.repos.dailyBuzz.ofShow(fuzzy.show_key)).tweets).toBeGreaterThan(
      Object.values(truthFor(zephyrine, sheetTerms(zephyrine))).reduce((sum, d) => sum + d.tweets, 0),
    );
  });

  it('a show no tweet matches: 0 on every ingested day, no value on the days never ingested', async () => {
    const quiet: SampleShow = {
      ...SAMPLE_SHOWS[2]!,
      show_key: 'quiet-hours:1',
      row: {
        ...SAMPLE_SHOWS[2]!.row,
        show_name: 'Quiet Hours',
        season: '1',
        launch_date: '2019-07-03',
        analysis_date_window_start: '2019-06-29',
        analysis_date_window_end: '2019-07-07',
        mandatory_search_terms: 'Velqorin',
        optional_search_terms: '',
        timezone: 'UTC',
      },
    };
    fs.appendFileSync(sheetFile, sampleSheetCsv([quiet]).split('\n')[1] + '\n');
    const since = Date.now();
    expect(await sync()).toMatchObject({ started: ['quiet-hours:1'] });
    await computedAfter(quiet.show_key, since);
    const byCoverage = await expectBuzz(quiet, {}, ['2019-06-29', '2019-07-07'], ['Velqorin']);
    expect(byCoverage).toEqual({
      none: ['2019-06-29', '2019-06-30', '2019-07-06', '2019-07-07'],
      partial: [],
      complete: DAYS,
    });
    const zeros = (await env.repos.dailyBuzz.ofShow(quiet.show_key)).filter(hasMetrics);
    expect(zeros.map((d) => [d.tweets, d.unique_authors, d.share_of_sample])).toEqual(DAYS.map(() => [0, 0, 0]));

    // What Kibana's Lens charts ask Elasticsearch per show and day: Max (as they use) is null on a
    // day without data and 0 on a real zero; Sum would give 0 for both.
    const answer = await env.es.search({
      index: indexNames(env.config.elasticsearch.indexPrefix).daily,
      size: 0,
      query: { term: { show_key: quiet.show_key } },
      aggs: {
        days: {
          histogram: { field: 'days_since_launch', interval: 1 },
          aggs: { max: { max: { field: 'tweets' } }, sum: { sum: { field: 'tweets' } } },
        },
      },
    });
    const buckets = (
      answer.aggregations as {
        days: { buckets: { key: number; max: { value: number | null }; sum: { value: number } }[] };
      }
    ).days.buckets;
    expect(buckets.map((b) => [b.key, b.max.value, b.sum.value])).toEqual([
      [-4, null, 0],
      [-3, null, 0],
      [-2, 0, 0],
      [-1, 0, 0],
      [0, 0, 0],
      [1, 0, 0],
      [2, 0, 0],
      [3, null, 0],
      [4, null, 0],
    ]);
  });
});
