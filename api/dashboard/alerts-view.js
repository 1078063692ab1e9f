'use strict';
// The alerts view: the spike alerts of every show (GET /api/alerts), in the columns the server
// defines for the CLI too (window.buzzDefinitions, from /assets/definitions.js).
(() => {
  const { state, $, getJson, rowOf, renderShowList, explainDay } = window.buzz;
  const columns = window.buzzDefinitions.alertColumns;
  const labels = columns.map((column) => column.label);

  // The same header for every list: written once, as the page loads.
  $('alerts').tHead.replaceChildren(rowOf(labels, 'th'));

  async function renderAlerts() {
    const alerts = await getJson('api/alerts');
    const body = alerts.map((alert) => {
      const tr = rowOf(columns.map((column) => alert[column.field]));
      tr.dataset.alertId = alert.alert_id;
      tr.className = `alert-${alert.status}`;
      tr.title = 'Why this day stood out';
      tr.addEventListener('click', () => {
        state.selected.add(alert.show_key);
        renderShowList();
        state.view = 'chart';
        // main.js, loaded last, defines render: looked up when an alert is clicked.
        void window.buzz.render().then(() => explainDay(alert.show_key, alert.show, alert.date));
      });
      return tr;
    });
    $('alerts').tBodies[0].replaceChildren(...(body.length > 0 ? body : [rowOf(['No spike alerts yet.'])]));
    window.buzzDashboard.alerts = alerts;
  }

  Object.assign(window.buzz, { renderAlerts });
})();
