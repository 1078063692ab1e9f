'use strict';
// The dashboard's line charts (Chart.js): by days since launch, or by hour in the live view, with
// days or hours not ingested as gaps, partly ingested ones as hollow triangles, days that are not
// the 1% sample as crosses, and an estimate's 95% interval as a shaded band.
(() => {
  const { METRICS, PARTIAL, NOT_SAMPLE, coverageFor } = window.buzz;

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
        // Every dataset's point at the nearest x: a band's edges are never all there is under the mouse.
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
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
          legend: { position: 'bottom', labels: { filter: (item, data) => !data.datasets[item.datasetIndex].band } },
          tooltip: {
            filter: (item) => !item.dataset.band || item.dataset.bandOnly?.[item.dataIndex] === true,
            callbacks: {
              ...(x.tooltipTitle ? { title: (items) => x.tooltipTitle(items[0].parsed.x) } : {}),
              label: (item) => {
                const { dataset, dataIndex } = item;
                const value = dataset.describe
                  ? dataset.describe(dataIndex)
                  : dataset.format
                    ? dataset.format(item.parsed.y)
                    : String(item.parsed.y);
                const partial = dataset.coverage[dataIndex] === 'partial' ? ` (partial ${dataset.unit ?? 'day'})` : '';
                const notSample = dataset.notSample?.[dataIndex] ? ' (not the 1% sample)' : '';
                return `${dataset.label}: ${value}${partial}${notSample}`;
              },
            },
          },
        },
      },
    });
  }

  /**
   * A line of days or hours (`points`: x, coverage and the row): a gap where nothing was ingested, a
   * hollow triangle where only part was, a cross on a day that is not the 1% sample. `coverage` and
   * `notSample` stay on the dataset for the tooltip (and for tests).
   */
  function coverageLine(label, points, valueOf, color, extra) {
    const partial = points.map((p) => p.coverage === 'partial');
    const notSample = points.map((p) => p.notSample ?? p.row.sample_verdict === 'not_sample');
    const mark = (i, ofPartial, ofNotSample, otherwise) =>
      notSample[i] ? ofNotSample : partial[i] ? ofPartial : otherwise;
    return {
      label,
      data: points.map((p) => ({ x: p.x, y: p.coverage === 'none' ? null : valueOf(p.row) })),
      coverage: points.map((p) => p.coverage),
      notSample,
      borderColor: color,
      backgroundColor: color,
      pointStyle: points.map((_, i) => mark(i, PARTIAL.pointStyle, NOT_SAMPLE.pointStyle, 'circle')),
      pointRadius: points.map((_, i) => mark(i, PARTIAL.pointRadius, NOT_SAMPLE.pointRadius, 2)),
      pointBackgroundColor: points.map((_, i) => mark(i, '#fff', color, color)),
      spanGaps: false,
      ...extra,
    };
  }

  /**
   * An estimate's 95% interval over days as a shaded band: its lower edge, then its upper edge
   * filled down to it. Both stay out of the legend (`band`) and, unless the line has no value there
   * (`bandOnly`), the tooltip; a day without an estimate is a gap in the band as in the line.
   */
  function bandLines(label, days, band, color) {
    const edge = (field) => ({
      label: `${label} · 95% ${field === band.low ? 'low' : 'high'}`,
      band: true,
      data: days.map((d) => ({ x: d.days_since_launch, y: d[field] ?? null })),
      coverage: days.map((d) => d.coverage),
      borderWidth: 0,
      pointRadius: 0,
      pointHitRadius: 0,
      backgroundColor: `${color}33`,
      spanGaps: false,
    });
    return [
      { ...edge(band.low), fill: false },
      { ...edge(band.high), fill: '-1' },
    ];
  }

  /** A line of days, each marked by the coverage of `metric`'s source (the tweets' by default). */
  function dayLine(label, days, valueOf, color, extra, metric = 'tweets') {
    const census = METRICS[metric].coverage !== undefined;
    const points = days.map((d) => ({
      x: d.days_since_launch,
      coverage: coverageFor(d, metric),
      row: d,
      ...(census ? { notSample: false } : {}),
    }));
    return coverageLine(label, points, valueOf, color, extra);
  }

  Object.assign(window.buzz, { lineChart, coverageLine, dayLine, bandLines });
})();
