// The dashboard preview page: draws each dashboard's widgets on CloudWatch's 24-column grid and
// refreshes their data from the preview server's JSON API every few seconds. Plain browser script,
// no build step; Chart.js is loaded before it from the server.
(function preview() {
  const REFRESH_MS = 3000;
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const ANNOTATION_COLOUR = '#d13212';
  /** An annotation's shaded side, as Chart.js fills: to the top of the scale (above) or the bottom (below). */
  const ANNOTATION_FILL = { above: 'end', below: 'start' };
  const state = { views: [], active: undefined, charts: new Map(), timer: undefined };

  /** An element with attributes and children; text goes in as text, never as HTML. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined) node.setAttribute(name, String(value));
    }
    for (const child of children) node.append(child);
    return node;
  }

  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const tickLabel = (ms, spanMs) =>
    spanMs > 2 * 86_400_000 ? new Date(ms).toLocaleDateString([], { month: 'short', day: 'numeric' }) : new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  /** A tick every round interval (10 s … 7 days), about six across the range. */
  const STEPS_MS = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);
  const stepFor = (spanMs) => STEPS_MS.find((step) => spanMs / step <= 6) || STEPS_MS[STEPS_MS.length - 1];
  const number = (value) => (Number.isFinite(value) ? value.toLocaleString([], { maximumFractionDigits: 2 }) : '—');

  function widgetElement(_view, widget) {
    const node = el('article', {
      class: `widget widget-${widget.type}`,
      'data-widget-index': widget.index,
      'data-widget-type': widget.type,
      style: `grid-column: ${widget.x + 1} / span ${widget.width}; grid-row: ${widget.y + 1} / span ${widget.height}`,
    });
    if (widget.title !== undefined) node.append(el('h2', { class: 'widget-title', title: widget.title }, widget.title));
    if (widget.type === 'text') {
      // The server renders the markdown after escaping all of it; this HTML holds only its own tags.
      node.innerHTML = widget.html;
    } else if (widget.type === 'alarm') {
      node.append(el('ul', { class: 'alarms' }, ...widget.alarms.map((alarm) => alarmItem({ name: alarm.name, state: '…', reason: 'not evaluated yet' }))), el('ul', { class: 'notes' }));
    } else if (widget.type === 'metric') {
      node.append(el('div', { class: 'chart-box' }), el('ul', { class: 'notes' }));
    } else if (widget.type === 'log') {
      node.append(el('pre', { class: 'query' }), el('div', { class: 'table-box' }), el('ul', { class: 'notes' }));
    }
    return node;
  }

  /** One alarm: its name and state, CloudWatch's reason beneath (and in full on hover). */
  function alarmItem(alarm) {
    const since = alarm.since === undefined ? '' : ` since ${clock(alarm.since)}`;
    return el(
      'li',
      { class: 'alarm', 'data-alarm': alarm.name, 'data-state': alarm.state, title: `${alarm.state}${since}: ${alarm.reason}` },
      el('span', { class: 'alarm-name' }, alarm.name),
      el('span', { class: 'alarm-state' }, alarm.state),
      el('span', { class: 'alarm-reason' }, alarm.reason),
    );
  }

  function drawAlarms(node, data) {
    node.querySelector('.alarms').replaceChildren(...data.alarms.map(alarmItem));
    const evaluated = data.evaluatedAt === undefined ? [] : [`Evaluated here at ${clock(data.evaluatedAt)} as CloudWatch evaluates them (once a minute), on the metrics recorded locally.`];
    drawNotes(node, [...evaluated, ...data.notes]);
  }

  function renderView(view) {
    const section = el('section', { class: 'dashboard', id: `view-${view.key}`, 'data-view': view.key, role: 'tabpanel', hidden: '' });
    section.append(el('h2', { class: 'dashboard-name' }, view.name, el('small', {}, ` — deployed with range ${view.start || '-PT3H'}`)));
    const grid = el('div', { class: 'grid' });
    for (const widget of view.widgets) grid.append(widgetElement(view, widget));
    section.append(grid);
    section.dataset.rendered = 'true';
    return section;
  }

  function datasetsOf(data) {
    const lines = data.series.map((series, i) => ({
      label: series.label,
      data: series.timestamps.map((t, j) => ({ x: t, y: series.values[j] })),
      borderColor: PALETTE[i % PALETTE.length],
      backgroundColor: `${PALETTE[i % PALETTE.length]}55`,
      fill: data.stacked,
      stack: 'series',
      pointRadius: series.timestamps.length < 40 ? 2 : 0,
      borderWidth: 1.5,
      spanGaps: true,
      periscopeKind: 'series',
    }));
    const annotations = data.annotations.map((annotation, i) => ({
      label: annotation.label,
      data: [
        { x: data.start, y: annotation.value },
        { x: data.end, y: annotation.value },
      ],
      borderColor: annotation.color || ANNOTATION_COLOUR,
      backgroundColor: `${annotation.color || ANNOTATION_COLOUR}1a`,
      borderDash: [6, 4],
      borderWidth: 1,
      pointRadius: 0,
      fill: ANNOTATION_FILL[annotation.fill] || false,
      stack: `annotation-${i}`,
      periscopeKind: 'annotation',
    }));
    return [...lines, ...annotations];
  }

  function drawTimeSeries(node, index, data) {
    const key = `${state.active}:${index}`;
    const box = node.querySelector('.chart-box');
    let chart = state.charts.get(key);
    if (chart === undefined) {
      const canvas = el('canvas', { 'aria-label': node.querySelector('.widget-title')?.textContent || 'chart', role: 'img' });
      box.replaceChildren(canvas);
      chart = new window.Chart(canvas, {
        type: 'line',
        data: { datasets: [] },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          parsing: false,
          interaction: { mode: 'nearest', intersect: false },
          scales: {
            x: { type: 'linear', ticks: { maxRotation: 0, includeBounds: false } },
            y: { beginAtZero: true, ticks: { maxTicksLimit: 5 } },
          },
          plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, font: { size: 10 } } }, tooltip: { callbacks: { title: (items) => (items[0] ? clock(items[0].parsed.x) : '') } } },
        },
      });
      state.charts.set(key, chart);
    }
    const span = data.end - data.start;
    chart.data.datasets = datasetsOf(data);
    chart.options.scales.x.min = data.start;
    chart.options.scales.x.max = data.end;
    chart.options.scales.x.ticks.stepSize = stepFor(span);
    chart.options.scales.x.ticks.callback = (value) => tickLabel(value, span);
    chart.options.scales.y.stacked = data.stacked;
    chart.options.scales.y.min = data.yAxis.min;
    chart.options.scales.y.max = data.yAxis.max;
    chart.options.scales.y.title = { display: Boolean(data.yAxis.label), text: data.yAxis.label || '' };
    chart.update('none');
  }

  function drawSingleValues(node, data) {
    const values = data.series.map((series) =>
      el('div', { class: 'single-value' }, el('div', { class: 'value' }, number(series.values[series.values.length - 1])), el('div', { class: 'label' }, series.label)),
    );
    node.querySelector('.chart-box').replaceChildren(el('div', { class: 'single-values' }, ...values));
  }

  function drawLogTable(node, data, query) {
    node.querySelector('.query').textContent = query;
    const head = el('tr', {}, ...data.columns.map((column) => el('th', {}, column)));
    const rows = data.rows.map((row) => el('tr', {}, ...row.map((cell, i) => el('td', { class: data.columns[i] === '@message' ? 'message' : undefined }, cell))));
    // A query the preview cannot run says so in its notes; an empty answer to one it ran is news.
    const emptyText = data.notes.length > 0 ? 'Not run locally (see below).' : 'No matching log lines yet.';
    const empty = data.rows.length === 0 ? [el('tr', {}, el('td', { colspan: data.columns.length }, emptyText))] : [];
    node.querySelector('.table-box').replaceChildren(el('table', { class: 'log-table' }, el('thead', {}, head), el('tbody', {}, ...rows, ...empty)));
  }

  function drawNotes(node, notes) {
    node.querySelector('.notes').replaceChildren(...notes.map((note) => el('li', {}, note)));
  }

  async function refresh() {
    const view = state.views.find((v) => v.key === state.active);
    if (view === undefined) return;
    const [range, period] = document.getElementById('window').value.split(':');
    const query = new URLSearchParams({ view: view.key, ...(range ? { range, period } : {}) });
    try {
      const response = await fetch(`/api/data?${query}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      if (data.key !== state.active) return;
      const section = document.getElementById(`view-${view.key}`);
      for (const [index, widgetData] of Object.entries(data.widgets)) {
        const node = section.querySelector(`[data-widget-index="${index}"]`);
        if (widgetData.type === 'metric') {
          if (widgetData.view === 'singleValue' || widgetData.view === 'gauge') drawSingleValues(node, widgetData);
          else drawTimeSeries(node, index, widgetData);
        } else if (widgetData.type === 'alarm') {
          drawAlarms(node, widgetData);
          continue;
        } else {
          drawLogTable(node, widgetData, view.widgets[Number(index)].query);
        }
        drawNotes(node, widgetData.notes);
      }
      section.dataset.updated = String(data.generatedAt);
      document.getElementById('status').textContent = `updated ${clock(data.generatedAt)}`;
    } catch (error) {
      document.getElementById('status').textContent = `refresh failed: ${error.message}`;
    }
  }

  function activate(key) {
    if (!state.views.some((view) => view.key === key)) key = state.views[0].key;
    state.active = key;
    for (const button of document.querySelectorAll('#tabs button')) button.setAttribute('aria-selected', String(button.dataset.view === key));
    for (const section of document.querySelectorAll('.dashboard')) section.hidden = section.dataset.view !== key;
    if (location.hash !== `#${key}`) history.replaceState(null, '', `#${key}`);
    void refresh();
  }

  async function start() {
    const response = await fetch('/api/dashboards');
    const { views } = await response.json();
    state.views = views;
    const tabs = document.getElementById('tabs');
    const main = document.getElementById('dashboards');
    for (const view of views) {
      const button = el('button', { type: 'button', role: 'tab', 'data-view': view.key, 'aria-controls': `view-${view.key}` }, view.name);
      button.addEventListener('click', () => activate(view.key));
      tabs.append(button);
      main.append(renderView(view));
    }
    document.getElementById('window').addEventListener('change', () => {
      for (const chart of state.charts.values()) chart.destroy();
      state.charts.clear();
      void refresh();
    });
    window.addEventListener('hashchange', () => activate(location.hash.slice(1)));
    activate(location.hash.slice(1));
    state.timer = setInterval(refresh, REFRESH_MS);
  }

  start().catch((error) => {
    document.getElementById('status').textContent = `could not load the dashboards: ${error.message}`;
  });
})();
