import { addDays } from '../domain/days';
import { parseArticle, type WikiArticle } from '../domain/wikipedia-articles';
import { startWikimediaServer } from '../infra/local/wikimedia-server';
import { generatePageviews } from '../simulator/pageviews';
import { fetchPageviews } from '../workflows/fetch-pageviews';
import { benchEnv } from './env';

/** The most requests any one second holds (a sliding window over the answers' times). */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, first = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[first]! >= 1000) first++;
    peak = Math.max(peak, i - first + 1);
  }
  return peak;
}

/**
 * P9: a year of daily pageviews for `articles` articles (one a show) fetched through the
 * workflows from the local Wikimedia stand-in, at WIKIMEDIA_MAX_REQUESTS_PER_SECOND = `rate`:
 * the time taken against the time that rate implies for the requests made, and the busiest
 * second against the rate.
 */
export async function benchPageviews(options: { articles: number; days: number; rate: number }) {
  const from = '2025-01-01';
  const to = addDays(from, options.days - 1);
  const articles: WikiArticle[] = Array.from({ length: options.articles }, (_, i) => {
    const article = parseArticle(`en:Bench Show ${i + 1}`);
    if (typeof article === 'string') throw new Error(article);
    return article;
  });
  const sample = generatePageviews({
    seed: 9,
    from,
    to,
    lastPublished: to,
    articles: articles.map((article, i) => ({ ...article, launch: addDays(from, i % options.days), base: 20 + i })),
  });
  const server = await startWikimediaServer({ sample });
  const env = await benchEnv('p9', {
    WIKIMEDIA_API_URL: server.url,
    WIKIMEDIA_MAX_REQUESTS_PER_SECOND: String(options.rate),
  });
  try {
    await env.startWorker(4);
    const started = Date.now();
    const result = await env.unlessWorkerDies(
      env.temporal.workflow.execute(fetchPageviews, {
        taskQueue: env.config.temporal.taskQueue,
        workflowId: 'pageviews-bench',
        args: [{ requests: articles.map((article) => ({ article, from, to })) }],
        workflowExecutionTimeout: '1 hour',
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    if (result.failed.length > 0) throw new Error(`requests failed: ${JSON.stringify(result.failed.slice(0, 3))}`);
    const answered = server.requests.filter((request) => request.at >= started);
    const impliedSeconds = answered.length / options.rate;
    const peak = peakPerSecond(answered.map((request) => request.at));
    // Temporal's task-queue limiter admits a burst when the queue has been idle: the start.
    const steady = peakPerSecond(answered.filter((request) => request.at >= started + 3_000).map((r) => r.at));
    return {
      articles: options.articles,
      days: options.days,
      rate_per_second: options.rate,
      requests: answered.length,
      seconds: Number(seconds.toFixed(1)),
      implied_seconds: Number(impliedSeconds.toFixed(1)),
      ratio_time_vs_implied: Number((seconds / impliedSeconds).toFixed(2)),
      peak_requests_in_one_second: peak,
      ratio_peak_vs_rate: Number((peak / options.rate).toFixed(2)),
      peak_after_the_first_3_seconds: steady,
      ratio_steady_peak_vs_rate: Number((steady / options.rate).toFixed(2)),
    };
  } finally {
    await env.close();
    await server.close();
  }
}
