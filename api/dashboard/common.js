'use strict';
// What the dashboard's scripts share, as `window.buzz`: the metrics and how days are marked, the
// page's state, reading the API and table rows. Each script keeps its own names in a function
// scope, since classic scripts' top-level names would all meet in the one global scope.
(() => {
  const thousands = (v) => (v === null ? '' : v.toLocaleString('en-US'));
  /** `12,300 (10,100–14,800)`: an estimate with its interval; empty without one. */
  const intervalText = (est, low, high) =>
    est === null ? '' : `${thousands(est)} (${thousands(low)}–${thousands(high)})`;
  // Values are null on days with nothing ingested (coverage "none"): never drawn or shown as 0.
  // An estimate of the whole population has its 95% interval in two more fields (`band`), and is
  // null, with the API's `why` field saying so, where the day's counts cannot be scaled up; the
  // authors of a sampled day have bounds only, and no estimate within them.
  const METRICS = {
    tweets: { label: 'Tweets', format: (v) => (v === null ? '' : String(v)) },
    est_tweets: {
      label: 'Estimated tweets (all tweets, not the sample)',
      format: thousands,
      band: { low: 'est_tweets_low', high: 'est_tweets_high' },
      why: 'no_estimate',
    },
    est_retweets: {
      label: 'Estimated retweets (all retweets, not the sample)',
      format: thousands,
      band: { low: 'est_retweets_low', high: 'est_retweets_high' },
      why: 'no_estimate',
    },
    unique_authors: { label: 'Unique authors', format: (v) => (v === null ? '' : String(v)) },
    est_unique_authors: {
      label: 'Estimated unique authors (all authors, not the sample)',
      format: thousands,
      band: { low: 'est_unique_authors_low', high: 'est_unique_authors_high' },
      why: 'no_authors_estimate',
    },
    share_of_sample: { label: 'Share of sample', format: (v) => (v === null ? '' : `${(v * 100).toFixed(3)}%`) },
    retweets: { label: 'Retweets', format: (v) => (v === null ? '' : String(v)) },
    // A full count, not a sample: no band. Its days have a coverage of their own (an article's day
    // is published a day or so after it ends), and Wikimedia's days are UTC days.
    pageviews: {
      label: 'Wikipedia pageviews',
      format: thousands,
      coverage: 'pageviews_coverage',
      noData: 'No data: not published yet, or the show lists no Wikipedia article',
    },
    // Of the scored (English) matching posts: positive share − negative share (docs/sentiment.md).
    net_sentiment: {
      label: 'Net sentiment',
      format: (v) => (v === null ? '' : `${v > 0 ? '+' : ''}${v.toFixed(2)}`),
    },
    // Matching posts less the show's own accounts', copy-paste floods and bursts (docs/organic.md).
    organic_tweets: { label: 'Organic tweets', format: (v) => (v === null ? '' : String(v)) },
  };
  /** A day's coverage for a metric: of the tweets, or of the metric's own source. */
  const coverageFor = (day, metric) => day[METRICS[metric]?.coverage ?? 'coverage'] ?? 'none';
  // How the chart and the table mark a day by its coverage (see the API's `coverage`).
  const PARTIAL = {
    pointStyle: 'triangle',
    pointRadius: 5,
    mark: '*',
    title: 'Partial day: some of its hours were not ingested',
  };
  const NO_DATA = { text: '—', title: 'No data: nothing was ingested on this day' };
  // A day whose Twitter archive fails the 1% sample check (the API's `sample_verdict`).
  const NOT_SAMPLE = {
    pointStyle: 'crossRot',
    pointRadius: 6,
    mark: '†',
    title: 'Not the 1% sample: the Twitter archive of this day fails the sample check, so it has no estimate',
  };
  const NO_ESTIMATE = 'no estimate';
  // The live view's sources, in the API's names, and how their lines are drawn.
  const LIVE_SOURCES = {
    twitter: { label: 'Twitter', borderDash: [] },
    bluesky: { label: 'Bluesky', borderDash: [6, 3] },
  };
  const LIVE_HOURS = 48;
  const LIVE_REFRESH_MS = 60_000;
  const PALETTE = [
    '#1f77b4',
    '#ff7f0e',
    '#2ca02c',
    '#d62728',
    '#9467bd',
    '#8c564b',
    '#e377c2',
    '#7f7f7f',
    '#bcbd22',
    '#17becf',
  ];
  const DEFAULT_SELECTION = 3;

  const VIEWS = ['chart', 'table', 'live', 'leaderboard', 'alerts'];
  // Views of the chosen shows; the leaderboard and the alerts are of every show.
  const SELECTION_VIEWS = ['chart', 'table', 'live'];
  const LEADERBOARD_DEFAULT = { window: '0..6', metric: 'tweets' };

  const state = {
    shows: [],
    selected: new Set(),
    metric: 'tweets',
    view: 'chart',
    buzz: new Map(),
    hourly: new Map(),
    // The live view's last hour (YYYY-MM-DDTHH, UTC) from a shared link; otherwise the current one.
    until: undefined,
    // The live chart's x is an hour's place in the 48; these are their labels.
    hourLabels: [],
    leaderboard: { ...LEADERBOARD_DEFAULT },
  };
  const $ = (id) => document.getElementById(id);

  async function getJson(url) {
    const response = await fetch(url);
    // A session that ended (expired, or its token withdrawn) goes back to the sign-in form.
    if (response.status === 401) location.assign('login');
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }

  async function buzzOf(showKey) {
    if (!state.buzz.has(showKey)) state.buzz.set(showKey, getJson(`api/shows/${encodeURIComponent(showKey)}/buzz`));
    return state.buzz.get(showKey);
  }

  function hourlyOf(showKey) {
    if (!state.hourly.has(showKey)) {
      const params = new URLSearchParams({ hours: String(LIVE_HOURS) });
      if (state.until) params.set('until', state.until);
      state.hourly.set(showKey, getJson(`api/shows/${encodeURIComponent(showKey)}/buzz/hourly?${params}`));
    }
    return state.hourly.get(showKey);
  }

  /** The chosen shows' days as the API writes them (GET /api/shows/<key>,<key>…/buzz?format=csv). */
  async function downloadCsv(selected) {
    if (selected.length === 0) return;
    const keys = selected.map(({ show }) => encodeURIComponent(show.show_key)).join(',');
    const response = await fetch(`api/shows/${keys}/buzz?format=csv`);
    if (response.status === 401) return location.assign('login');
    if (!response.ok) throw new Error(`CSV: HTTP ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = 'buzztracker.csv';
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  }

  function colorOf(index) {
    return PALETTE[index % PALETTE.length];
  }

  /** A row of cells (`th` for a header) with these texts. */
  function rowOf(texts, cell = 'td') {
    const tr = document.createElement('tr');
    for (const text of texts) {
      const element = document.createElement(cell);
      element.textContent = String(text);
      tr.append(element);
    }
    return tr;
  }

  window.buzz = {
    METRICS,
    coverageFor,
    PARTIAL,
    NO_DATA,
    NOT_SAMPLE,
    NO_ESTIMATE,
    intervalText,
    LIVE_SOURCES,
    LIVE_HOURS,
    LIVE_REFRESH_MS,
    DEFAULT_SELECTION,
    VIEWS,
    SELECTION_VIEWS,
    state,
    $,
    getJson,
    buzzOf,
    hourlyOf,
    downloadCsv,
    colorOf,
    rowOf,
  };
})();
