'use strict';
// The chart view: the chosen shows' metric by days since launch and, for one show, its search terms.
(() => {
  const { METRICS, NO_ESTIMATE, $, colorOf, dayLine, bandLines, intervalText } = window.buzz;

  /**
   * `12,300 (10,100–14,800)`: an estimate with its interval; `1,234` counted whole; `12–1,831
   * (bounds)` where the sample supports bounds only; "no estimate" where it supports nothing.
   */
  function estimateText(day, metric) {
    const { format, band } = METRICS[metric];
    const [low, high] = [day[band.low] ?? null, day[band.high] ?? null];
    if (day[metric] !== null) return low === high ? format(day[metric]) : intervalText(day[metric], low, high);
    if (low !== null) return `${format(low)}–${format(high)} (bounds)`;
    return day.coverage === 'none' ? '' : NO_ESTIMATE;
  }

  function renderCharts(selected, metric) {
    const chart = window.buzzDashboard.chart;
    const { band, format } = METRICS[metric];
    chart.data.datasets = selected.flatMap(({ show, days }, i) => {
      const name = `${show.show_name} (${show.season})`;
      const line = dayLine(
        name,
        days,
        (d) => d[metric],
        colorOf(i),
        {
          showKey: show.show_key,
          showName: name,
          dates: days.map((d) => d.date),
          format,
          ...(band ? { describe: (index) => estimateText(days[index], metric) } : {}),
        },
        metric,
      );
      if (!band) return [line];
      const [low, high] = bandLines(name, days, band, colorOf(i));
      // Where the line has no value, the band speaks for it in the tooltip.
      return [line, low, { ...high, describe: line.describe, bandOnly: days.map((d) => d[metric] === null) }];
    });
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

  Object.assign(window.buzz, { renderCharts, estimateText });
})();
