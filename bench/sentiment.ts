import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import vaderPort from 'vader-sentiment';
import { defaultBz2Decoder, decompress } from '../adapters/archives/decompress';
import { forEachLine } from '../adapters/archives/lines';
import { loadConfig } from '../config/config';
import { MemberLines } from '../domain/member-lines';
import { fourDecimals, sentimentScore } from '../domain/sentiment';
import { sentimentOf, type SentimentScorer } from '../domain/tweet';
import { generatedMembers } from './data';

/*
 * Issue "What the buzz says": the scorer against human ratings it was not built from, and its
 * cost. The ratings are the 4,200 tweets of Hutto & Gilbert (ICWSM 2014), each the mean of at least 20
 * people's ratings on -4…4, published with vaderSentiment (MIT licence) in its source
 * distribution on PyPI; they are downloaded here, never kept in this repository. The paper used
 * them to evaluate VADER, not to build its word list.
 */

const VADER_SDIST = 'vaderSentiment==3.3.2';
const RATED_TWEETS = 'hutto_ICWSM_2014/tweets_GroundTruth.txt';

interface RatedText {
  text: string;
  rating: number;
}

/** The rated tweets, from the source distribution on PyPI (downloaded once into the stack folder). */
function ratedTweets(log: (line: string) => void): RatedText[] {
  const dir = path.join(loadConfig().stack.dir, 'bench-data', 'vader-ratings');
  const file = path.join(dir, RATED_TWEETS);
  if (!fs.existsSync(file)) {
    log(`downloading the human ratings (${VADER_SDIST}'s source distribution, PyPI) into ${dir}`);
    fs.mkdirSync(dir, { recursive: true });
    const venv = path.join(loadConfig().stack.dir, 'bench-venv');
    if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(
      path.join(venv, 'bin', 'pip'),
      [
        'download',
        '--quiet',
        '--disable-pip-version-check',
        '--no-binary',
        ':all:',
        '--no-deps',
        VADER_SDIST,
        '-d',
        dir,
      ],
      { stdio: 'inherit' },
    );
    const sdist = path.join(dir, 'vaderSentiment-3.3.2.tar.gz');
    const inner = 'vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz';
    execFileSync('tar', ['-xzf', sdist, '-C', dir, inner]);
    execFileSync('tar', ['-xzf', path.join(dir, inner), '-C', dir, RATED_TWEETS]);
  }
  // Latin-1 with CRLF line ends: id, mean rating, text.
  return fs
    .readFileSync(file, 'latin1')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [, rating, ...text] = line.split('\t');
      return { text: text.join('\t'), rating: Number(rating) };
    });
}

function pearson(xs: number[], ys: number[]): number {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Posts scored per CPU-second over `rounds` passes of the texts (after one pass to warm up). */
function perCpuSecond(texts: string[], score: (text: string) => number, rounds: number): number {
  texts.forEach(score);
  const start = process.cpuUsage();
  for (let round = 0; round < rounds; round++) texts.forEach(score);
  const used = process.cpuUsage(start);
  return (texts.length * rounds) / ((used.user + used.system) / 1e6);
}

/** Pearson r against the mean human rating, and posts per CPU-second: ours and the `vader-sentiment` port side by side. */
export function benchSentiment(options: { rounds: number }, log: (line: string) => void) {
  const rated = ratedTweets(log);
  const texts = rated.map((r) => r.text);
  const ratings = rated.map((r) => r.rating);
  const port = (text: string) => vaderPort.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  const ours = {
    r: fourDecimals(
      pearson(
        texts.map((t) => sentimentScore(t)),
        ratings,
      ),
    ),
    posts_per_cpu_second: 0,
  };
  const theirs = { r: fourDecimals(pearson(texts.map(port), ratings)), posts_per_cpu_second: 0 };
  ours.posts_per_cpu_second = Math.round(perCpuSecond(texts, (t) => sentimentScore(t), options.rounds));
  theirs.posts_per_cpu_second = Math.round(perCpuSecond(texts, port, options.rounds));
  return {
    data: `${rated.length} tweets rated by at least 20 people each, -4…4 (Hutto & Gilbert, ICWSM 2014; ${VADER_SDIST} source distribution, MIT)`,
    ours,
    vader_sentiment_port: theirs,
    speed_ratio: fourDecimals(ours.posts_per_cpu_second / theirs.posts_per_cpu_second),
  };
}

/** CPU seconds of decoding and sorting the members (the worker's per-line path), with a scorer. */
async function sortingCpuSeconds(
  members: Buffer[],
  score: SentimentScorer,
): Promise<{ seconds: number; kept: number }> {
  const start = process.cpuUsage();
  let kept = 0;
  for (const member of members) {
    const lines = new MemberLines(['en'], score);
    await forEachLine(
      decompress(Readable.from([member]), 'bz2', defaultBz2Decoder(), member.length),
      (line, complete) => lines.add(line, complete),
    );
    kept += lines.sorted().counts.kept;
  }
  const used = process.cpuUsage(start);
  return { seconds: (used.user + used.system) / 1e6, kept };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * What scoring adds to the worker's per-line path, side by side in one run on the same members at
 * the archive's real rate: decoding and sorting each member's lines with the scorer and with a
 * stand-in that scores nothing, after a warm-up of both, alternated (each first in turn), the
 * median of each. The whole worker also compresses the store's copy and writes bulk requests,
 * which scoring does not touch: its share there is smaller than here.
 */
export async function benchSentimentCost(options: { members: number; rounds: number }, log: (line: string) => void) {
  const { members, jsonBytes } = await generatedMembers({
    seed: 8,
    linesPerMinute: 2_800,
    day: '2019-07-03',
    count: options.members,
  });
  log(`sentiment cost: ${members.length} members at 2,800 lines a minute, ${(jsonBytes / 1e6).toFixed(0)} MB of JSON`);
  // Warm up both paths first (the word list is read, the code compiled), then alternate which goes first.
  const none: SentimentScorer = () => null;
  await sortingCpuSeconds(members.slice(0, 2), sentimentOf);
  await sortingCpuSeconds(members.slice(0, 2), none);
  const withScores: number[] = [];
  const without: number[] = [];
  let kept = 0;
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? [sentimentOf, none] : [none, sentimentOf];
    for (const score of order) {
      const run = await sortingCpuSeconds(members, score);
      if (score === none) without.push(run.seconds);
      else {
        withScores.push(run.seconds);
        kept = run.kept;
      }
    }
  }
  const [a, b] = [median(withScores), median(without)];
  return {
    members: members.length,
    json_mb: Math.round(jsonBytes / 1e5) / 10,
    posts_kept: kept,
    cpu_seconds_with_scoring: Math.round(a * 100) / 100,
    cpu_seconds_without: Math.round(b * 100) / 100,
    ratio: fourDecimals(a / b),
    posts_scored_per_cpu_second_in_the_pipeline: Math.round(kept / Math.max(a - b, 1e-9)),
  };
}
