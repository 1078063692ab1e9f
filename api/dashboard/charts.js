'use strict';
// The dashboard's line charts (Chart.js): by days since launch, or by hour in the live view, with
// days or hours not ingested as gaps and partly ingested ones as hollow triangles.
(() => {
  const { PARTIAL } = window.buzz;

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

  Object.assign(window.buzz, { lineChart, coverageLine, dayLine });
})();
