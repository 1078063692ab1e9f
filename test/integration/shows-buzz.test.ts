import fs from 'node:fs';
import path from 'node:path';
import { writeSampleData } from '../../cli/sample-data-command';
import { buzzReader, type BuzzReader } from '../../adapters/buzz-reader';
import { daysBetween, type Day } from '../../domain/days';
import { indexNames } from '../../domain/index-names';
import { utcHoursOfLocalDay } from '../../domain/local-days';
import { aggregatePhrases, type DayTruth, type PhraseDayTruth, type ShowDayTruth } from '../../domain/sample/generator';
import { SAMPLE_SHOWS, sampleSheetCsv, type SampleShow } from '../../domain/sample/shows';
import { workflowIds } from '../../domain/workflow-ids';
import { backfill } from '../../workflows/backfill';
import { ingestDay } from '../../workflows/ingest-day';
import { lastResultQuery } from '../../workflows/show-buzz';
import { syncShows } from '../../workflows/sync-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';

const DAYS = daysBetween('2019-07-01', '2019-07-05');

describe('shows from the sheet and their buzz, exact against generated ground truth (real services)', () => {
  let env: BuzzTestEnv;
  let reader: BuzzReader;
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

  /** Kept statuses and completeness of a local day, from the generated members' truth. */
  const sampleOf = (day: Day, zone: string): { statuses: number; complete: boolean } => {
    let statuses = 0;
    let complete = true;
    for (const hour of utcHoursOfLocalDay(day, zone)) {
      const truth = days[hour.day];
      if (!truth) {
        complete = false;
        continue;
      }
      for (const [key, member] of Object.entries(truth.per_member))
        if (key.startsWith(`${hour.group}/`)) statuses += member.en;
    }
    return { statuses, complete };
  };

  const expectBuzz = async (
    show: SampleShow,
    expected: Record<Day, ShowDayTruth>,
    window: [Day, Day],
    terms: string[],
  ) => {
    const docs = await reader.dailyBuzz(show.show_key);
    expect(docs.map((d) => d.date)).toEqual(daysBetween(...window));
    const zone = show.row.timezone || 'UTC';
    for (const doc of docs) {
      const want = expected[doc.date] ?? { tweets: 0, original_tweets: 0, retweets: 0, unique_authors: 0, terms: {} };
      const sample = sampleOf(doc.date, zone);
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
      expect(doc.data_complete).toBe(sample.complete);
      if (sample.statuses > 0) expect(doc.share_of_sample).toBeCloseTo(want.tweets / sample.statuses, 12);
      else expect(doc.share_of_sample).toBeNull();
    }
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
    reader = buzzReader(env.es, indexNames(env.config.elasticsearch.indexPrefix));
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
    const shows = await reader.shows();
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
    const configs = (await reader.shows()).map((s) => s.config);
    for (const show of SAMPLE_SHOWS) {
      const config = configs.find((c) => c.show_key === show.show_key)!;
      await expectBuzz(
        show,
        truthFor(show, sheetTerms(show)),
        [config.window_start, config.window_end],
        termsOfRow(show),
      );
    }
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

  it("editing one show's terms recomputes only that show, and leaves no stale documents", async () => {
    const marrowdeep = SAMPLE_SHOWS.find((s) => s.show_key === 'the-marrowdeep-affair:1')!;
    const before = new Map<string, string[]>();
    for (const show of SAMPLE_SHOWS)
      before.set(
        show.show_key,
        (await reader.dailyBuzz(show.show_key)).map((d) => d.computed_at),
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

    const docs = await reader.dailyBuzz(marrowdeep.show_key);
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
      expect((await reader.dailyBuzz(show.show_key)).map((d) => d.computed_at)).toEqual(before.get(show.show_key));
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
    expect(await reader.dailyBuzz(glimmer.show_key)).toEqual([]);
    expect((await reader.shows()).find((s) => s.show_key === glimmer.show_key)?.status).toBe('removed');
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
    const docs = await reader.dailyBuzz(fuzzy.show_key);
    const expected = aggregatePhrases(byPhrase[zephyrine.show_key]!, termsOf);
    expect(docs.map((d) => [d.date, d.tweets, d.unique_authors])).toEqual(
      docs.map((d) => [d.date, expected[d.date]?.tweets ?? 0, expected[d.date]?.unique_authors ?? 0]),
    );
    expect(docs.reduce((sum, d) => sum + d.tweets, 0)).toBeGreaterThan(
      Object.values(truthFor(zephyrine, sheetTerms(zephyrine))).reduce((sum, d) => sum + d.tweets, 0),
    );
  });
});
