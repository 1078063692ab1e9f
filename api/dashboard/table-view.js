'use strict';
// The table view: a row per day since launch, a column per chosen show.
(() => {
  const { METRICS, PARTIAL, NO_DATA, NOT_SAMPLE, NO_ESTIMATE, $, rowOf, estimateText, coverageFor } = window.buzz;

  function addMark(td, { mark, title }) {
    const abbr = document.createElement('abbr');
    abbr.textContent = mark;
    abbr.title = title;
    td.append(abbr);
  }

  /**
   * A table cell of one show's day: empty outside its window, "—" without data, "12*" on a partial
   * day, "12†" on a day that is not the 1% sample; an estimate with its interval,
   * "12,300 (10,100–14,800)", or "no estimate" with the reason as its title.
   */
  function dayCell(day, metric) {
    const td = document.createElement('td');
    if (!day) return td;
    const coverage = coverageFor(day, metric);
    if (coverage === 'none') {
      td.textContent = NO_DATA.text;
      td.title = METRICS[metric].noData ?? NO_DATA.title;
      td.className = 'no-data';
      return td;
    }
    if (METRICS[metric].band) {
      td.textContent = estimateText(day, metric);
      if (day[metric] === null) td.title = day[METRICS[metric].why];
      if (td.textContent === NO_ESTIMATE) td.className = 'no-estimate';
    } else td.textContent = METRICS[metric].format(day[metric]);
    if (coverage === 'partial') {
      addMark(td, PARTIAL);
      td.className = 'partial';
    }
    if (day.sample_verdict === 'not_sample' && !METRICS[metric].coverage) addMark(td, NOT_SAMPLE);
    return td;
  }

  function renderTable(selected, metric) {
    const names = selected.map(({ show }) => `${show.show_name} (${show.season})`);
    const head = rowOf(['Days since launch', ...names], 'th');
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

  Object.assign(window.buzz, { renderTable });
})();
