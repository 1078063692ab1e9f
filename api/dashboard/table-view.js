'use strict';
// The table view: a row per day since launch, a column per chosen show.
(() => {
  const { METRICS, PARTIAL, NO_DATA, $, rowOf } = window.buzz;

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
