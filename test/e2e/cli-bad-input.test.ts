import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { bulkWrite } from '../../adapters/elasticsearch-bulk';
import { ensureShowIndices } from '../../adapters/elasticsearch-indices';
import { buildProgram } from '../../cli/main';
import type { RegisteredShow } from '../../domain/buzz-docs';
import { indexNames } from '../../domain/index-names';
import { parseSheetRows } from '../../domain/show-config';
import { registeredShow } from '../support/seeded-shows';
import { createBuzzTestEnv, type BuzzTestEnv } from '../support/buzz-env';
import { runCli } from '../support/cli';

/** Every leaf command of `buzztracker --help`, as its words. */
function leafCommands(command: Command, prefix: string[] = []): string[] {
  return command.commands.flatMap((sub) => {
    const words = [...prefix, sub.name()];
    return sub.commands.length > 0 ? leafCommands(sub, words) : [words.join(' ')];
  });
}

interface Case {
  args: string[];
  stderr: string;
  code?: number;
}

const SOURCE = 'expected dir:<folder>, s3://bucket/prefix or https://… (archive.org layout)';

/**
 * Bad input to every command is refused before anything starts: exit 2 and a line that names
 * the input and says what is expected; nothing reaches Temporal (checked on the server).
 */
describe('every command refuses bad input up front, naming it (CLI on the real stack)', () => {
  let env: BuzzTestEnv;
  let folder: string;
  const cases: Case[] = [];
  const add = (args: string[], stderr: string, code = 2) => cases.push({ args, stderr, code });

  beforeAll(async () => {
    env = await createBuzzTestEnv({ store: 'file' });
    folder = path.join(env.workDir, 'archives');
    fs.mkdirSync(folder);
    // Two registered shows, so that an unknown name gets close ones.
    const indices = indexNames(env.config.elasticsearch.indexPrefix);
    await ensureShowIndices(env.es, indices);
    const shows: RegisteredShow[] = parseSheetRows(
      [
        { show_name: 'Zephyrine Hollow', season: '2', launch_date: '2019-07-03', optional_search_terms: 'x' },
        { show_name: 'Glimmer Tide', season: '1', launch_date: '2019-07-04', optional_search_terms: 'y' },
      ],
      ['show_name', 'season', 'launch_date', 'optional_search_terms'],
    ).shows.map((config, i) => registeredShow(config, i + 2));
    await bulkWrite(env.es, {
      what: 'shows',
      datasource: shows,
      onDocument: (show) => ({ index: { _index: indices.shows, _id: show.show_key } }),
      refreshOnCompletion: indices.shows,
    });
  });

  afterAll(() => env?.close());

  // ingest
  add(
    ['ingest', '--source', 'ftp://x', '--from', '2019-07-10'],
    `error: option '--source <uri>' argument 'ftp://x' is invalid. ${SOURCE}`,
  );
  add(
    ['ingest', '--source', 'dir:/nonexistent-buzz', '--from', '2019-07-10'],
    "error: option '--source <uri>' argument 'dir:/nonexistent-buzz' is invalid. no folder /nonexistent-buzz",
  );
  add(
    ['ingest', '--source', 's3://Bad_Bucket/x', '--from', '2019-07-10'],
    `error: option '--source <uri>' argument 's3://Bad_Bucket/x' is invalid. ${SOURCE}`,
  );
  add(
    ['ingest', '--source', 'https://archive.org/download', '--from', '2019-13-01'],
    "error: option '--from <date>' argument '2019-13-01' is invalid. \"2019-13-01\" is not a date of the form YYYY-MM-DD",
  );
  add(
    ['ingest', '--source', 'https://archive.org/download', '--from', '2019-07-10', '--to', '2019-07-01'],
    '--to 2019-07-01 is before --from 2019-07-10: expected --to on or after --from',
  );
  add(['ingest', '--source', 'https://archive.org/download'], "error: required option '--from <date>' not specified");
  add(
    ['ingest', '--source', 'https://archive.org/download', '--from', '2019-07-10', '--lang', 'english!'],
    `error: option '--lang <codes>' argument 'english!' is invalid. "english!" is not a language list: use codes such as "en,es", or "*"`,
  );
  add(
    ['ingest', '--source', 'https://archive.org/download', '--from', '2019-07-10', '--day-parallelism', '0'],
    "error: option '--day-parallelism <n>' argument '0' is invalid. expected a whole number of 1 or more",
  );
  // reindex
  add(
    ['reindex', '--from', '2019-07-10', '--to', '2019-07-01'],
    '--to 2019-07-01 is before --from 2019-07-10: expected --to on or after --from',
  );
  add(
    ['reindex', '--from', 'yesterday'],
    "error: option '--from <date>' argument 'yesterday' is invalid. \"yesterday\" is not a date of the form YYYY-MM-DD",
  );
  // shows
  add(
    ['shows', 'sync', '--sheet', 'file:/nonexistent.csv'],
    "error: option '--sheet <uri>' argument 'file:/nonexistent.csv' is invalid. no file /nonexistent.csv",
  );
  add(
    ['shows', 'sync', '--sheet', 'gogle:abc'],
    "error: option '--sheet <uri>' argument 'gogle:abc' is invalid. expected file:<path.csv> or google:<spreadsheetId>[#<range>]",
  );
  add(
    ['shows', 'list', '--format', 'xml'],
    "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json.",
  );
  // buzz
  add(
    ['buzz', '--show', 'Zephyrine Holow'],
    '--show "Zephyrine Holow": no such show; close: Zephyrine Hollow (zephyrine-hollow:2) (`buzztracker shows list` lists them)',
  );
  add(['buzz', '--show', 'Nope'], '--show "Nope": no such show (`buzztracker shows list` lists them)');
  add(
    ['buzz', '--show', 'Glimmer Tide', '--format', 'xml'],
    "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv.",
  );
  // api
  add(
    ['api', '--port', '99999'],
    "error: option '--port <n>' argument '99999' is invalid. expected a port, 0 to 65535",
  );
  add(
    ['api', '--host', '0.0.0.0', '--port', '0'],
    'Refusing to serve the API on 0.0.0.0 without access control: set BUZZ_API_TOKENS (or BUZZ_API_TOKENS_FILE), or BUZZ_API_TRUSTED_PROXY for an authenticating proxy; BUZZ_API_ALLOW_UNAUTHENTICATED=true serves it open',
  );
  // schedule
  add(
    ['schedule', 'create', '--source', 'ftp://x'],
    `error: option '--source <uri>' argument 'ftp://x' is invalid. ${SOURCE}`,
  );
  add(
    ['schedule', 'create', '--source', 'https://archive.org/download', '--at', '25:00'],
    "error: option '--at <HH:MM>' argument '25:00' is invalid. expected a time of day, HH:MM (UTC)",
  );
  add(
    ['schedule', 'create', '--source', 'https://archive.org/download', '--sheet', 'file:/nonexistent.csv'],
    "error: option '--sheet <uri>' argument 'file:/nonexistent.csv' is invalid. no file /nonexistent.csv",
  );
  add(
    ['schedule', 'backfill', '--from', '2019-07-10', '--to', '2019-07-01'],
    '--to 2019-07-01 is before --from 2019-07-10: expected --to on or after --from',
  );
  add(['schedule', 'describe', '--all'], "error: unknown option '--all'");
  add(['schedule', 'trigger', '--wiat'], "error: unknown option '--wiat'\n(Did you mean --wait?)");
  add(['schedule', 'pause', '--unpuase'], "error: unknown option '--unpuase'\n(Did you mean --unpause?)");
  // capture
  add(
    ['capture', 'start', '--url', 'http://jetstream.example'],
    "error: option '--url <ws url>' argument 'http://jetstream.example' is invalid. expected a ws:// or wss:// URL",
  );
  add(
    ['capture', 'start', '--cursor', 'yesterday'],
    "error: option '--cursor <time_us>' argument 'yesterday' is invalid. expected a whole number of 0 or more",
  );
  add(['capture', 'status', '--jsn'], "error: unknown option '--jsn'\n(Did you mean --json?)");
  add(['capture', 'stop', '--now'], "error: unknown option '--now'");
  add(
    ['capture', 'reseal', '--hour', '2026-11-21'],
    "error: option '--hour <hour...>' argument '2026-11-21' is invalid. \"2026-11-21\" is not a UTC hour of the form YYYY-MM-DDTHH",
  );
  add(
    ['buzz', '--show', 'Glimmer Tide', '--hourly', '--until', '2026-11-21'],
    "error: option '--until <hour>' argument '2026-11-21' is invalid. \"2026-11-21\" is not a UTC hour of the form YYYY-MM-DDTHH",
  );
  add(
    ['sample-data', '--out', '/tmp', '--jetstream', '--from-hour', '2026-11-21T24'],
    "error: option '--from-hour <hour>' argument '2026-11-21T24' is invalid. \"2026-11-21T24\" is not a UTC hour of the form YYYY-MM-DDTHH",
  );
  // sentiment
  add(
    ['sentiment', '--lang', 'english'],
    "error: option '--lang <code>' argument 'english' is invalid. expected a language code such as en or pt-br",
  );
  // leaderboard
  add(
    ['leaderboard', '--window', '6..0'],
    "error: option '--window <from..to>' argument '6..0' is invalid. window \"6..0\": FROM is after TO",
  );
  add(
    ['leaderboard', '--window', 'launch week'],
    "error: option '--window <from..to>' argument 'launch week' is invalid. window \"launch week\": days since launch as FROM..TO, e.g. 0..6 or -7..-1",
  );
  add(
    ['leaderboard', '--metric', 'likes'],
    "error: option '--metric <metric>' argument 'likes' is invalid. Allowed choices are tweets, share_of_sample, unique_authors, peak_tweets, est_tweets, pageviews, net_sentiment, organic_tweets.",
  );
  add(
    ['alerts', '--status', 'lost'],
    "error: option '--status <status>' argument 'lost' is invalid. Allowed choices are pending, delivered, failed, not_sent.",
  );
  add(
    ['alerts', '--format', 'csv'],
    "error: option '--format <format>' argument 'csv' is invalid. Allowed choices are table, json.",
  );
  add(
    ['explain', '--show', 'Glimmer Tide', '--date', '2019-07-32'],
    "error: option '--date <YYYY-MM-DD>' argument '2019-07-32' is invalid. \"2019-07-32\" is not a date of the form YYYY-MM-DD",
  );
  add(['explain', '--show', 'Glimmer Tide'], "error: required option '--date <YYYY-MM-DD>' not specified");
  // kibana, demo, sample-data
  add(
    ['kibana', 'import', '--url', 'localhost:5601'],
    "error: option '--url <kibana>' argument 'localhost:5601' is invalid. expected an http:// or https:// URL",
  );
  add(
    ['demo', '--days', '0'],
    "error: option '--days <n>' argument '0' is invalid. expected a whole number of 1 or more",
  );
  add(
    ['sample-data', '--out', '/tmp', '--from', '2019-07-01', '--hours', '5-2'],
    "error: option '--hours <range>' argument '5-2' is invalid. expected an hour or a range of hours, e.g. 13 or 0-23",
  );
  // worker, stack
  add(
    ['worker', '--decoder', 'zlib'],
    "error: option '--decoder <decoder>' argument 'zlib' is invalid. Allowed choices are addon, wasm, native, js.",
  );
  add(
    ['worker', '--max-activities', 'many'],
    "error: option '--max-activities <n>' argument 'many' is invalid. expected a whole number of 1 or more",
  );
  add(
    ['stack', 'down', 'elasticsearh'],
    'unknown service elasticsearh: expected temporal, elasticsearch, s3, elasticsearch-secure, temporal-mtls',
  );
  add(['stack', 'up', '--secur'], "error: unknown option '--secur'\n(Did you mean --secure?)");
  add(['stack', 'status', '--jsn'], "error: unknown option '--jsn'\n(Did you mean --json?)");
  add(['stak', 'up'], "error: unknown command 'stak'\n(Did you mean stack?)");

  it('covers every command of `buzztracker --help`', () => {
    const covered = new Set(
      cases.map((c) => leafCommands(buildProgram()).find((leaf) => c.args.join(' ').startsWith(leaf))),
    );
    expect(leafCommands(buildProgram()).filter((leaf) => !covered.has(leaf))).toEqual([]);
  });

  it.each(cases.map((c) => [c.args.join(' '), c] as const))('buzztracker %s', async (_name, c) => {
    const result = await runCli(c.args, env.env);
    expect({ code: result.code, stderr: result.stderr.trim(), stdout: result.stdout }).toEqual({
      code: c.code,
      stderr: c.stderr,
      stdout: '',
    });
  });

  it('started no workflow', async () => {
    const started = [];
    for await (const execution of env.temporal.workflow.list()) started.push(execution.workflowId);
    expect(started).toEqual([]);
  });
});
