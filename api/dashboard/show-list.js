'use strict';
// The list of shows to choose from, filtered by name or show_key.
(() => {
  const { state, $ } = window.buzz;

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
        // main.js, loaded last, defines render: looked up when a box changes.
        void window.buzz.render();
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

  Object.assign(window.buzz, { renderShowList });
})();
