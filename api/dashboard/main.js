'use strict';
// The BuzzTracker dashboard: launch-aligned buzz curves of the chosen shows, read from the API.
// Plain browser JavaScript with Chart.js and its annotation plugin, both served by the API
// itself, so the page works offline. This script, loaded last, renders the chosen view and wires
// the page's controls; tests read what it draws from `window.buzzDashboard`.
(() => {
  const { METRICS, VIEWS, SELECTION_VIEWS, DEFAULT_SELECTION, LIVE_REFRESH_MS, state, $, getJson } = window.buzz;
  const { buzzOf, hourlyOf, downloadCsv, lineChart, renderShowList, explainDay } = window.buzz;
  const { renderCharts, renderTable, renderLive, renderLeaderboard, renderAlerts } = window.buzz;

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
    if (state.view === 'leaderboard') await renderLeaderboard(() => id === renderId);
    if (state.view === 'alerts') await renderAlerts();
    if (id !== renderId) return;
    const params = new URLSearchParams({
      shows: [...state.selected].join(','),
      metric: state.metric,
      view: state.view,
    });
    if (state.until) params.set('until', state.until);
    if (state.view === 'leaderboard') {
      params.set('window', state.leaderboard.window);
      params.set('rank', state.leaderboard.metric);
    }
    history.replaceState(null, '', `#${params}`);
    document.body.dataset.ready = 'true';
  }
  Object.assign(window.buzz, { render });

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
    window.buzzDashboard.chart.options.onClick = (event, elements) => {
      const datasets = window.buzzDashboard.chart.data.datasets;
      // Of the lines' points at that day, the one nearest the click.
      const [point] = elements
        .filter((element) => !datasets[element.datasetIndex].band)
        .sort((a, b) => Math.abs(a.element.y - event.y) - Math.abs(b.element.y - event.y));
      if (!point) return;
      const set = datasets[point.datasetIndex];
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
})();
