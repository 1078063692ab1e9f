'use strict';
// The live view: the chosen shows hour by hour over the last 48 hours, per source.
(() => {
  const { METRICS, LIVE_SOURCES, LIVE_HOURS, state, $, colorOf, coverageLine } = window.buzz;

  /** "11-26 14:00" for the hour starting at that ISO time (UTC). */
  function hourLabel(iso) {
    return `${iso.slice(5, 10)} ${iso.slice(11, 13)}:00`;
  }

  /**
   * Per show, a line per source that has any hour ingested in the 48 (solid Twitter, dashed
   * Bluesky, the show's color); the others are named below the chart rather than drawn as 0.
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

  Object.assign(window.buzz, { renderLive });
})();
