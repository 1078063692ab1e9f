'use strict';
// The leaderboard view: every show ranked over the same days since launch (GET /api/leaderboard).
(() => {
  const { METRICS, NO_DATA, state, $, getJson, intervalText } = window.buzz;

  /** A small line of a window's daily tweets: gaps where a day has no data. */
  function sparkline(values) {
    const svgNs = 'http://www.w3.org/2000/svg';
    const width = 120;
    const height = 24;
    const max = Math.max(1, ...values.filter((v) => v !== null));
    const x = (i) => (values.length === 1 ? width / 2 : (i * width) / (values.length - 1));
    const y = (v) => height - 2 - (v / max) * (height - 4);
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('class', 'sparkline');
    let run = [];
    const flush = () => {
      if (run.length === 0) return;
      const line = document.createElementNS(svgNs, 'polyline');
      line.setAttribute('points', run.join(' '));
      svg.append(line);
      run = [];
    };
    values.forEach((v, i) => {
      if (v === null) flush();
      else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    flush();
    svg.dataset.values = values.map((v) => (v === null ? '' : String(v))).join(',');
    return svg;
  }

  /** `isCurrent` false once a newer render began: two quick changes must not end on the older answer. */
  /** Why a row is unranked, by the metric ranked by (the counts' reason for the others). */
  const NOT_RANKED = {
    tweets: 'Not ranked: the window is not wholly ingested, or has no estimate to rank by',
    pageviews: "Not ranked: the window lacks some day's pageviews",
    net_sentiment: 'Not ranked: the window is not wholly ingested, or has too few scored posts to rank',
    organic_tweets: 'Not ranked: the window is not wholly ingested, or some day has no organic counts yet',
  };

  async function renderLeaderboard(isCurrent) {
    const { window: windowText, metric } = state.leaderboard;
    const rows = await getJson(`api/leaderboard?${new URLSearchParams({ window: windowText, metric })}`);
    if (!isCurrent()) return;
    const cell = (text, title) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (title) td.title = title;
      return td;
    };
    const nameOf = (showKey) => {
      const other = rows.find((candidate) => candidate.show_key === showKey);
      return other ? `${other.show_name} (${other.season})` : showKey;
    };
    const body = rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.showKey = row.show_key;
      if (row.rank === null) tr.className = 'unranked';
      const spark = document.createElement('td');
      spark.append(sparkline(metric === 'pageviews' ? row.daily_pageviews : row.daily_tweets));
      tr.append(
        cell(
          row.rank === null ? NO_DATA.text : row.rank_text,
          row.rank === null
            ? (NOT_RANKED[metric] ?? NOT_RANKED.tweets)
            : row.same_as
              ? `Cannot be told apart from ${nameOf(row.same_as)} at 95%`
              : '',
        ),
        cell(`${row.show_name} (${row.season})`),
        cell(row.launch_date),
        cell(METRICS.tweets.format(row.tweets)),
        cell(intervalText(row.est_tweets, row.est_tweets_low, row.est_tweets_high)),
        cell(METRICS.share_of_sample.format(row.share_of_sample)),
        cell(METRICS.unique_authors.format(row.unique_authors)),
        cell(row.peak_tweets === null ? '' : `${row.peak_days_since_launch} (${row.peak_tweets})`),
        cell(METRICS.pageviews.format(row.pageviews)),
        cell(
          row.net_sentiment === null
            ? ''
            : `${METRICS.net_sentiment.format(row.net_sentiment)} (${METRICS.net_sentiment.format(row.net_sentiment_low)} … ${METRICS.net_sentiment.format(row.net_sentiment_high)})`,
          row.scored === null ? '' : `${row.scored} scored posts: ${row.positive} positive, ${row.negative} negative`,
        ),
        cell(
          row.organic_tweets === null
            ? ''
            : `${METRICS.organic_tweets.format(row.organic_tweets)}${row.est_organic_tweets === null ? '' : `; ${intervalText(row.est_organic_tweets, row.est_organic_tweets_low, row.est_organic_tweets_high)}`}`,
          row.organic_tweets === null ? '' : `Not counted: ${row.owned} owned, ${row.flood} flood, ${row.burst} burst`,
        ),
        spark,
        cell(row.completeness),
      );
      return tr;
    });
    $('leaderboard').tBodies[0].replaceChildren(...body);
    window.buzzDashboard.leaderboard = rows;
  }

  Object.assign(window.buzz, { renderLeaderboard });
})();
