'use strict';
// The BuzzTracker dashboard: launch-aligned buzz curves of the chosen shows, read from the API.
// The live view: the same shows hour by hour over the last 48 hours, per source.
// Plain browser JavaScript with Chart.js and its annotation plugin, both served by the API
// itself, so the page works offline.

// Values are null on days with nothing ingested (coverage "none"): never drawn or shown as 0.
const METRICS = {
  tweets: { label: 'Tweets', format: (v) => (v === null ? '' : String(v)) },
  unique_authors: { label: 'Unique authors', format: (v) => (v === null ? '' : String(v)) },
  share_of_sample: { label: 'Share of sample', format: (v) => (v === null ? '' : `${(v * 100).toFixed(3)}%`) },
  retweets: { label: 'Retweets', format: (v) => (v === null ? '' : String(v)) },
};
// How the chart and the table mark a day by its coverage (see the API's `coverage`).
const PARTIAL = {
  pointStyle: 'triangle',
  pointRadius: 5,
  mark: '*',
  title: 'Partial day: some of its hours were not ingested',
};
const NO_DATA = { text: '—', title: 'No data: nothing was ingested on this day' };
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

function renderShowList() {
  const filter = $('filter').value.trim().toLowerCase();
  const list = $('shows');
  list.replaceChildren();
  for (const show of state.shows) {
    if (filter && !`${show.show_name} ${show.show_key}`.toLowerCase().includes(filter)) continue;
    const item = document.createElement('li');
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = show.show_key;
    box.checked = state.selected.has(show.show_key);
    box.addEventListener('change', () => {
      if (box.checked) state.selected.add(show.show_key);
      else state.selected.delete(show.show_key);
      void render();
    });
    label.append(box, ` ${show.show_name} (season ${show.season})`);
    const details = document.createElement('small');
    const link = document.createElement('a');
    link.href = show.workflow_url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = 'workflow ↗';
    details.append(`launch ${show.launch_date} · ${show.timezone} · ${show.status} · `, link);
    item.append(label, details);
    list.append(item);
  }
}

function launchAnnotation() {
  return {
    launch: {
      type: 'line',
      xMin: 0,
      xMax: 0,
      borderColor: '#fca311',
      borderWidth: 2,
      borderDash: [6, 4],
      label: { display: true, content: 'launch', position: 'start', backgroundColor: '#fca311', color: '#14213d' },
    },
  };
}

function lineChart(canvas, yLabel, percent, x = { title: 'Days since launch', annotations: launchAnnotation() }) {
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', title: { display: true, text: x.title }, ticks: x.ticks ?? { stepSize: 1 } },
        y: {
          beginAtZero: true,
          title: { display: true, text: yLabel },
          ticks: percent ? { callback: (v) => `${(v * 100).toFixed(2)}%` } : {},
        },
      },
      plugins: {
        annotation: { annotations: x.annotations ?? {} },
        legend: { position: 'bottom' },
        tooltip: {
          callbacks: {
            ...(x.tooltipTitle ? { title: (items) => x.tooltipTitle(items[0].parsed.x) } : {}),
            label: (item) => {
              const value = item.dataset.format ? item.dataset.format(item.parsed.y) : String(item.parsed.y);
              const partial =
                item.dataset.coverage[item.dataIndex] === 'partial' ? ` (partial ${item.dataset.unit ?? 'day'})` : '';
              return `${item.dataset.label}: ${value}${partial}`;
            },
          },
        },
      },
    },
  });
}

/**
 * A line of days or hours (`points`: x, coverage and the row): a gap where nothing was ingested, a
 * hollow triangle where only part was. `coverage` stays on the dataset for the tooltip (and for tests).
 */
function coverageLine(label, points, valueOf, color, extra) {
  const partial = points.map((p) => p.coverage === 'partial');
  return {
    label,
    data: points.map((p) => ({ x: p.x, y: p.coverage === 'none' ? null : valueOf(p.row) })),
    coverage: points.map((p) => p.coverage),
    borderColor: color,
    backgroundColor: color,
    pointStyle: partial.map((p) => (p ? PARTIAL.pointStyle : 'circle')),
    pointRadius: partial.map((p) => (p ? PARTIAL.pointRadius : 2)),
    pointBackgroundColor: partial.map((p) => (p ? '#fff' : color)),
    spanGaps: false,
    ...extra,
  };
}

function dayLine(label, days, valueOf, color, extra) {
  const points = days.map((d) => ({ x: d.days_since_launch, coverage: d.coverage, row: d }));
  return coverageLine(label, points, valueOf, color, extra);
}

function colorOf(index) {
  return PALETTE[index % PALETTE.length];
}

function renderCharts(selected, metric) {
  const chart = window.buzzDashboard.chart;
  chart.data.datasets = selected.map(({ show, days }, i) =>
    dayLine(`${show.show_name} (${show.season})`, days, (d) => d[metric], colorOf(i), {
      showKey: show.show_key,
      showName: `${show.show_name} (${show.season})`,
      dates: days.map((d) => d.date),
      format: METRICS[metric].format,
    }),
  );
  chart.options.scales.y.title.text = METRICS[metric].label;
  chart.options.scales.y.ticks = metric === 'share_of_sample' ? { callback: (v) => `${(v * 100).toFixed(2)}%` } : {};
  chart.update();

  const one = selected.length === 1 ? selected[0] : undefined;
  $('terms-view').hidden = !one;
  const terms = window.buzzDashboard.termChart;
  terms.data.datasets = one
    ? [...new Set(one.days.flatMap((d) => Object.keys(d.terms)))].map((term, i) =>
        dayLine(term, one.days, (d) => d.terms[term] ?? null, colorOf(i + 3)),
      )
    : [];
  if (one) $('terms-title').textContent = `Tweets per search term — ${one.show.show_name} (${one.show.season})`;
  terms.update();
}

/** "11-26 14:00" for the hour starting at that ISO time (UTC). */
function hourLabel(iso) {
  return `${iso.slice(5, 10)} ${iso.slice(11, 13)}:00`;
}

/**
 * The live view: per show, a line per source that has any hour ingested in the 48 (solid Twitter,
 * dashed Bluesky, the show's color); the others are named below the chart rather than drawn as 0.
 */
function renderLive(selected, metric) {
  const chart = window.buzzDashboard.liveChart;
  const hours = [...new Set(selected.flatMap(({ hours }) => hours.map((h) => h.hour)))].sort();
  state.hourLabels = hours.map(hourLabel);
  const missing = [];
  chart.data.datasets = selected.flatMap(({ show, hours: rows }, i) =>
    Object.entries(LIVE_SOURCES).flatMap(([source, style]) => {
      const ofSource = rows.filter((row) => row.source === source);
      const name = `${show.show_name} (${show.season})`;
      if (ofSource.every((row) => row.coverage === 'none')) {
        missing.push(`${name}: ${style.label}`);
        return [];
      }
      const points = ofSource.map((row) => ({ x: hours.indexOf(row.hour), coverage: row.coverage, row }));
      return [
        coverageLine(`${name} · ${style.label}`, points, (row) => row[metric], colorOf(i), {
          showKey: show.show_key,
          source,
          hours: ofSource.map((row) => row.hour),
          borderDash: style.borderDash,
          format: METRICS[metric].format,
          unit: 'hour',
        }),
      ];
    }),
  );
  chart.options.scales.y.title.text = METRICS[metric].label;
  chart.options.scales.y.ticks = metric === 'share_of_sample' ? { callback: (v) => `${(v * 100).toFixed(2)}%` } : {};
  chart.update();
  $('live-title').textContent = `${METRICS[metric].label} hour by hour, ${LIVE_HOURS} hours to ${
    hours.length > 0 ? `${hourLabel(hours.at(-1))} UTC` : 'now'
  }`;
  $('live-missing').textContent = missing.length > 0 ? `No data in these hours: ${missing.join('; ')}.` : '';
}

/** A row of cells with these texts. */
function rowOf(texts) {
  const tr = document.createElement('tr');
  for (const text of texts) {
    const td = document.createElement('td');
    td.textContent = String(text);
    tr.append(td);
  }
  return tr;
}

/** The drill-down of a clicked day: GET /api/shows/<key>/explain?date=… */
async function explainDay(showKey, showName, date) {
  document.body.dataset.ready = 'false';
  const result = await getJson(`api/shows/${encodeURIComponent(showKey)}/explain?date=${date}`);
  $('explain-title').textContent = `Why this day: ${showName}, ${date}`;
  $('explain-summary').textContent = `${result.tweets} matching tweets of ${result.sample} that day.`;
  for (const [table, terms] of [
    ['explain-terms', result.terms],
    ['explain-hashtags', result.hashtags],
  ]) {
    const rows = terms.map((t) =>
      rowOf([table === 'explain-hashtags' ? `#${t.term}` : t.term, t.tweets, t.sample_tweets]),
    );
    $(table).tBodies[0].replaceChildren(...(rows.length > 0 ? rows : [rowOf(['nothing stands out', '', ''])]));
  }
  $('explain-retweeted').replaceChildren(
    ...result.top_retweeted.map((tweet) => {
      const item = document.createElement('li');
      const by = document.createElement('strong');
      by.textContent = `${tweet.retweets} retweets · @${tweet.user_screen_name}: `;
      item.append(by, tweet.text);
      return item;
    }),
  );
  $('explain-note').textContent =
    result.retweets_of_unavailable > 0
      ? `Not shown: ${result.retweets_of_unavailable} retweets of tweets no longer held (deleted, or never ingested).`
      : '';
  $('explain-view').hidden = false;
  window.buzzDashboard.explained = result;
  document.body.dataset.ready = 'true';
}

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

async function renderLeaderboard() {
  const { window: windowText, metric } = state.leaderboard;
  const rows = await getJson(`api/leaderboard?${new URLSearchParams({ window: windowText, metric })}`);
  const cell = (text, title) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (title) td.title = title;
    return td;
  };
  const body = rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.showKey = row.show_key;
    if (row.rank === null) tr.className = 'unranked';
    const spark = document.createElement('td');
    spark.append(sparkline(row.daily_tweets));
    tr.append(
      cell(
        row.rank === null ? NO_DATA.text : String(row.rank),
        row.rank === null ? 'Not ranked: the window is not wholly ingested' : '',
      ),
      cell(`${row.show_name} (${row.season})`),
      cell(row.launch_date),
      cell(METRICS.tweets.format(row.tweets)),
      cell(METRICS.share_of_sample.format(row.share_of_sample)),
      cell(METRICS.unique_authors.format(row.unique_authors)),
      cell(row.peak_tweets === null ? '' : `${row.peak_days_since_launch} (${row.peak_tweets})`),
      spark,
      cell(row.completeness),
    );
    return tr;
  });
  $('leaderboard').tBodies[0].replaceChildren(...body);
  window.buzzDashboard.leaderboard = rows;
}

async function renderAlerts() {
  const alerts = await getJson('api/alerts');
  const body = alerts.map((alert) => {
    const tr = rowOf([
      alert.when,
      `${alert.show_name} (${alert.season})`,
      alert.days_since_launch,
      alert.tweets,
      alert.baseline_median,
      alert.threshold,
      alert.status,
      alert.detail,
    ]);
    tr.dataset.alertId = alert.alert_id;
    tr.className = `alert-${alert.status}`;
    tr.title = 'Why this day stood out';
    tr.addEventListener('click', () => {
      state.selected.add(alert.show_key);
      renderShowList();
      state.view = 'chart';
      void render().then(() => explainDay(alert.show_key, `${alert.show_name} (${alert.season})`, alert.date));
    });
    return tr;
  });
  $('alerts').tBodies[0].replaceChildren(...(body.length > 0 ? body : [rowOf(['No spike alerts yet.'])]));
  window.buzzDashboard.alerts = alerts;
}

/** A table cell of one show's day: empty outside its window, "—" without data, "12*" on a partial day. */
function dayCell(day, metric) {
  const td = document.createElement('td');
  if (!day) return td;
  if (day.coverage === 'none') {
    td.textContent = NO_DATA.text;
    td.title = NO_DATA.title;
    td.className = 'no-data';
    return td;
  }
  td.textContent = METRICS[metric].format(day[metric]);
  if (day.coverage === 'partial') {
    const mark = document.createElement('abbr');
    mark.textContent = PARTIAL.mark;
    mark.title = PARTIAL.title;
    td.append(mark);
    td.className = 'partial';
  }
  return td;
}

function renderTable(selected, metric) {
  const head = document.createElement('tr');
  for (const text of ['Days since launch', ...selected.map(({ show }) => `${show.show_name} (${show.season})`)]) {
    const th = document.createElement('th');
    th.textContent = text;
    head.append(th);
  }
  $('table').tHead.replaceChildren(head);
  const offsets = [...new Set(selected.flatMap(({ days }) => days.map((d) => d.days_since_launch)))].sort(
    (a, b) => a - b,
  );
  const rows = offsets.map((offset) => {
    const tr = document.createElement('tr');
    const first = document.createElement('td');
    first.textContent = String(offset);
    tr.append(
      first,
      ...selected.map(({ days }) =>
        dayCell(
          days.find((d) => d.days_since_launch === offset),
          metric,
        ),
      ),
    );
    return tr;
  });
  $('table').tBodies[0].replaceChildren(...rows);
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

let renderId = 0;
async function render() {
  const id = ++renderId;
  document.body.dataset.ready = 'false';
  const chosen = state.shows.filter((show) => state.selected.has(show.show_key));
  const live = state.view === 'live';
  const selected = await Promise.all(
    chosen.map(async (show) => ({
      show,
      days: await buzzOf(show.show_key),
      hours: live ? await hourlyOf(show.show_key) : [],
    })),
  );
  if (id !== renderId) return;
  window.buzzDashboard.selected = selected;
  $('explain-view').hidden = true;
  const needsSelection = SELECTION_VIEWS.includes(state.view);
  $('empty').hidden = !needsSelection || selected.length > 0;
  for (const view of VIEWS) {
    $(`${view}-view`).hidden = state.view !== view || (needsSelection && selected.length === 0);
    $(`view-${view}`).setAttribute('aria-pressed', String(state.view === view));
  }
  $('chart-title').textContent = `${METRICS[state.metric].label} by days since launch`;
  renderCharts(selected, state.metric);
  renderTable(selected, state.metric);
  if (live) renderLive(selected, state.metric);
  if (state.view === 'leaderboard') await renderLeaderboard();
  if (state.view === 'alerts') await renderAlerts();
  if (id !== renderId) return;
  const params = new URLSearchParams({ shows: [...state.selected].join(','), metric: state.metric, view: state.view });
  if (state.until) params.set('until', state.until);
  if (state.view === 'leaderboard') {
    params.set('window', state.leaderboard.window);
    params.set('rank', state.leaderboard.metric);
  }
  history.replaceState(null, '', `#${params}`);
  document.body.dataset.ready = 'true';
}

function setView(view) {
  state.view = view;
  void render();
}

async function start() {
  const started = performance.now();
  Chart.register(window['chartjs-plugin-annotation']);
  window.buzzDashboard = {
    chart: lineChart($('chart'), METRICS.tweets.label, false),
    explained: undefined,
    termChart: lineChart($('terms'), 'Tweets', false),
    liveChart: lineChart($('live-chart'), METRICS.tweets.label, false, {
      title: 'Hour (UTC)',
      ticks: { stepSize: 6, callback: (x) => state.hourLabels[x] ?? '' },
      tooltipTitle: (x) => `${state.hourLabels[x] ?? ''} UTC`,
    }),
    selected: [],
  };
  const hash = new URLSearchParams(location.hash.slice(1));
  state.metric = METRICS[hash.get('metric')] ? hash.get('metric') : 'tweets';
  state.view = VIEWS.includes(hash.get('view')) ? hash.get('view') : 'chart';
  state.until = /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(hash.get('until') ?? '') ? hash.get('until') : undefined;
  $('metric').value = state.metric;
  for (const [select, key, param] of [
    ['lb-window', 'window', 'window'],
    ['lb-metric', 'metric', 'rank'],
  ]) {
    const wanted = hash.get(param);
    if ([...$(select).options].some((option) => option.value === wanted)) state.leaderboard[key] = wanted;
    $(select).value = state.leaderboard[key];
    $(select).addEventListener('change', () => {
      state.leaderboard[key] = $(select).value;
      void render();
    });
  }
  const session = await getJson('api/session');
  $('sign-out').hidden = session.via !== 'session';
  state.shows = await getJson('api/shows');
  const wanted = (hash.get('shows') ?? '')
    .split(',')
    .filter((key) => state.shows.some((show) => show.show_key === key));
  const initial =
    wanted.length > 0
      ? wanted
      : state.shows
          .filter((s) => s.status === 'active')
          .slice(0, DEFAULT_SELECTION)
          .map((s) => s.show_key);
  initial.forEach((key) => state.selected.add(key));
  renderShowList();
  $('filter').addEventListener('input', renderShowList);
  $('metric').addEventListener('change', () => {
    state.metric = $('metric').value;
    void render();
  });
  $('view-chart').addEventListener('click', () => setView('chart'));
  $('view-table').addEventListener('click', () => setView('table'));
  $('view-live').addEventListener('click', () => setView('live'));
  window.buzzDashboard.chart.options.onClick = (_event, elements) => {
    const [point] = elements;
    if (!point) return;
    const set = window.buzzDashboard.chart.data.datasets[point.datasetIndex];
    explainDay(set.showKey, set.showName, set.dates[point.index]).catch((error) => {
      $('status').textContent = `Could not explain the day: ${error.message}`;
    });
  };
  $('view-leaderboard').addEventListener('click', () => setView('leaderboard'));
  $('view-alerts').addEventListener('click', () => setView('alerts'));
  // Hours are sealed as the capture moves on, alerts are found and sent: these views ask again
  // (a shared `until` never changes).
  setInterval(() => {
    if (state.view === 'alerts') return void render();
    if (state.view !== 'live' || state.until) return;
    state.hourly.clear();
    void render();
  }, LIVE_REFRESH_MS);
  $('download').addEventListener('click', () =>
    downloadCsv(window.buzzDashboard.selected).catch((error) => {
      $('status').textContent = `Could not download: ${error.message}`;
    }),
  );
  await render();
  const ms = Math.round(performance.now() - started);
  window.buzzDashboard.loadMs = ms;
  $('status').textContent = `${state.shows.length} shows · loaded in ${ms} ms`;
}

start().catch((error) => {
  $('status').textContent = `Could not load: ${error.message}`;
  document.body.dataset.ready = 'error';
});
