// The dashboard reads the same /api/v1 as every other client, with the key the user enters (kept in this tab only).
(function () {
  const { barChart, scatterChart, gauge } = window.FlowpilotCharts;
  const $ = (id) => document.getElementById(id);
  let apiKey = sessionStorage.getItem('flowpilot-api-key') || '';
  let timer = null;

  /** Builds an element; children are nodes or text (never parsed as HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'onclick') el.addEventListener('click', value);
      else if (value !== null && value !== undefined) el.setAttribute(name, String(value));
    }
    for (const child of children.flat())
      if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
    return el;
  }

  /** Display names of the engine flavours the nodes API reports. */
  const FLAVOURS = {
    camunda7: 'Camunda 7',
    operaton: 'Operaton',
    cibseven: 'CIB seven',
    unknown: 'Unknown engine',
  };
  const badge = (text) => h('span', { class: `badge ${text}` }, text);
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const duration = (ms) => {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
    return `${(ms / 3_600_000).toFixed(1)} h`;
  };

  async function api(path, init) {
    const response = await fetch(`/api/v1${path}`, {
      ...init,
      headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
    });
    const body = response.status === 204 ? null : await response.json();
    if (!response.ok)
      throw new Error(`${path}: ${response.status} ${body && body.message ? body.message : ''}`);
    return body;
  }

  function renderCluster(c) {
    gauge($('cluster-gauge'), c.score, c.status);
    const facts = [
      ['Status', badge(c.status)],
      ['Nodes', `${c.nodes.up} up · ${c.nodes.down} down · ${c.nodes.unknown} unknown`],
      ['Open incidents', String(c.openIncidents)],
      ['Open alerts', `${c.openAlerts.critical} critical · ${c.openAlerts.warning} warning`],
      ['Scored by', c.source === 'analyzer' ? `analyzer, ${time(c.computedAt)}` : 'node status only'],
    ];
    $('cluster-facts').replaceChildren(...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  }

  function renderNodes(nodes) {
    $('nodes').tBodies[0].replaceChildren(
      ...nodes.map((n) =>
        h(
          'tr',
          { 'data-node': n.nodeId },
          h('td', {}, n.nodeId, n.configured ? '' : h('span', { class: 'muted' }, ' (seen in events)')),
          h('td', {}, badge(n.status), n.reason ? h('div', { class: 'muted' }, n.reason) : null),
          h(
            'td',
            {},
            n.health
              ? [
                  h('span', { class: 'bar', style: `width:${Math.round(n.health.score)}px` }),
                  ` ${Math.round(n.health.score)} `,
                  badge(n.health.status),
                ]
              : '—',
          ),
          h('td', {}, n.restLatencyMs === null ? '—' : `${Math.round(n.restLatencyMs)} ms`),
          h('td', {}, String(n.openIncidents)),
          h(
            'td',
            {},
            n.engineFlavour
              ? h(
                  'span',
                  { class: `flavour ${n.engineFlavour}` },
                  FLAVOURS[n.engineFlavour] || n.engineFlavour,
                )
              : '',
            n.engineVersion ? ` ${n.engineVersion}` : n.engineFlavour ? '' : '—',
            n.webAppsUrl
              ? [
                  ' ',
                  h(
                    'a',
                    { href: `${n.webAppsUrl}/app/cockpit/`, target: '_blank', rel: 'noopener' },
                    'Cockpit',
                  ),
                ]
              : null,
          ),
          h(
            'td',
            {},
            n.jvm && n.jvm.heapUsedBytes !== null && n.jvm.heapMaxBytes
              ? `${Math.round((100 * n.jvm.heapUsedBytes) / n.jvm.heapMaxBytes)} %`
              : '—',
          ),
        ),
      ),
    );
  }

  function analysisCell(a) {
    if (!a) return h('span', { class: 'muted' }, 'pending');
    return h(
      'details',
      { class: 'analysis' },
      h('summary', {}, badge(a.family), ` ${Math.round(a.confidence * 100)} % — ${a.rootCause}`),
      h(
        'ol',
        {},
        a.fixSteps.map((step) => h('li', {}, step)),
      ),
      h(
        'div',
        { class: 'muted' },
        `Remediation: ${a.remediation.action}${a.llm.used ? ` · LLM ${a.llm.model || ''}` : ' · rule-based'}`,
      ),
    );
  }

  function renderIncidents(page) {
    $('incident-count').textContent = `${page.page.total} total, newest first`;
    $('incidents').tBodies[0].replaceChildren(
      ...page.data.map((i) =>
        h(
          'tr',
          { 'data-incident': i.incidentId },
          h('td', {}, time(i.openedAt)),
          h('td', {}, i.nodeId),
          h('td', {}, i.processDefinitionKey || '—', h('div', { class: 'muted' }, i.activityId || '')),
          h('td', {}, (i.message || '').slice(0, 160)),
          h('td', {}, analysisCell(i.analysis)),
          h('td', {}, badge(i.status)),
        ),
      ),
    );
  }

  function renderSla(page) {
    const open = page.data.filter((s) => s.open);
    barChart(
      $('sla-chart'),
      open.slice(0, 10).map((s) => ({
        label:
          `${s.processDefinitionKey || ''} ${s.taskName || s.taskDefinitionKey || s.processInstanceId || ''}`
            .trim()
            .slice(0, 34),
        value: Math.round(s.shareOfTarget * 100),
        color: s.state === 'breached' ? '#c62828' : '#ef6c00',
      })),
      { format: (v) => `${v} % of target`, emptyText: 'No open SLA risks' },
    );
    $('sla').tBodies[0].replaceChildren(
      ...page.data
        .slice(0, 15)
        .map((s) =>
          h(
            'tr',
            {},
            h('td', {}, badge(s.state)),
            h('td', {}, `${s.processDefinitionKey || ''} · ${s.taskName || s.processInstanceId || ''}`),
            h('td', {}, s.target),
            h('td', {}, duration(s.elapsedMs)),
          ),
        ),
    );
  }

  function renderBottlenecks(page) {
    barChart(
      $('bottleneck-chart'),
      page.data.slice(0, 12).map((b) => ({
        label: `${b.processDefinitionKey} / ${b.activityName || b.activityId}`.slice(0, 40),
        value: b.p95Ms,
      })),
      { format: duration, emptyText: 'No bottleneck report yet' },
    );
  }

  function renderAnomalies(page) {
    scatterChart(
      $('anomaly-chart'),
      page.data.map((a) => ({
        t: new Date(a.detectedAt),
        value: Math.abs(a.zScore),
        color: a.severity === 'critical' ? '#c62828' : '#ef6c00',
        title: `${a.processDefinitionKey} ${a.activityId || ''}: ${duration(a.durationMs)} (z = ${a.zScore.toFixed(1)})`,
      })),
      { yLabel: '|z-score|', emptyText: 'No anomalies detected' },
    );
  }

  function renderAlerts(page) {
    const act = (alert, action) => async () => {
      try {
        await api(`/alerts/${alert.id}/${action}`, { method: 'POST', body: '{}' });
        await refresh();
      } catch (error) {
        showStatus(error.message, true);
      }
    };
    $('alerts').replaceChildren(
      ...(page.data.length === 0
        ? [h('li', { class: 'muted' }, 'No open alerts')]
        : page.data.map((a) =>
            h(
              'li',
              {},
              badge(a.severity),
              h('span', { class: 'title' }, a.title),
              a.status === 'open'
                ? h('button', { onclick: act(a, 'acknowledge') }, 'Acknowledge')
                : badge(a.status),
              h('button', { onclick: act(a, 'resolve') }, 'Resolve'),
            ),
          )),
    );
  }

  function showStatus(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  async function refresh() {
    const sections = [
      ['/cluster/health', renderCluster],
      ['/nodes', (r) => renderNodes(r.data)],
      ['/incidents?limit=25&sort=-openedAt', renderIncidents],
      ['/sla?limit=50&sort=-detectedAt', renderSla],
      ['/bottlenecks?limit=12&sort=-p95Ms', renderBottlenecks],
      ['/anomalies?limit=200&sort=-detectedAt', renderAnomalies],
      ['/alerts?status=open,acknowledged&limit=20', renderAlerts],
    ];
    const results = await Promise.allSettled(sections.map(([path]) => api(path)));
    const failures = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') sections[i][1](result.value);
      else failures.push(result.reason.message);
    });
    $('dashboard').hidden = failures.length === sections.length;
    $('updated').textContent = new Date().toLocaleTimeString();
    showStatus(failures.length ? `Some panels failed: ${failures.join('; ')}` : '', failures.length > 0);
    document.body.dataset.loaded = 'true';
  }

  function schedule() {
    clearInterval(timer);
    const seconds = Number($('refresh').value);
    if (seconds > 0) timer = setInterval(() => void refresh(), seconds * 1000);
  }

  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey = $('api-key').value.trim();
    sessionStorage.setItem('flowpilot-api-key', apiKey);
    void refresh().then(schedule);
  });
  $('refresh').addEventListener('change', schedule);
  if (apiKey) {
    $('api-key').value = apiKey;
    void refresh().then(schedule);
  }
})();
