'use strict';
// The chart view: the chosen shows' metric by days since launch and, for one show, its search terms.
(() => {
  const { METRICS, $, colorOf, dayLine } = window.buzz;

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

  Object.assign(window.buzz, { renderCharts });
})();
