// The dashboard reads the same /api/v1 as every other client, with the key the user enters (kept in this tab only).
(function () {
  const { barChart, scatterChart, gauge, lineChart, sparkline } = window.FlowpilotCharts;
  const { h, badge, time, duration, percent, api, apiKey, processLink } = window.FlowpilotUi;
  const $ = (id) => document.getElementById(id);
  let timer = null;
  let leaderboard = [];
  const leaderboardSort = { field: 'rank', descending: false };
  const NODE_COLOURS = ['#1e66d0', '#2e7d32', '#8e24aa', '#ef6c00', '#00838f', '#6d4c41'];

  /** Display names of the engine flavours the nodes API reports. */
  const FLAVOURS = {
    camunda7: 'Camunda 7',
    operaton: 'Operaton',
    cibseven: 'CIB seven',
    unknown: 'Unknown engine',
  };

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
          h(
            'td',
            {},
            processLink({ nodeId: i.nodeId, key: i.processDefinitionKey, activityId: i.activityId }),
            h('div', { class: 'muted' }, i.activityId || ''),
          ),
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
            h(
              'td',
              {},
              processLink({ nodeId: s.nodeId, key: s.processDefinitionKey, activityId: s.taskDefinitionKey }),
              ` · ${s.taskName || s.processInstanceId || ''}`,
            ),
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
        href: window.FlowpilotUi.processPage({
          nodeId: b.nodeId,
          key: b.processDefinitionKey,
          activityId: b.activityId,
        }),
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
        href: window.FlowpilotUi.processPage({
          nodeId: a.nodeId,
          key: a.processDefinitionKey,
          definitionId: a.processDefinitionId,
          activityId: a.activityId,
        }),
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
              a.processDefinitionKey
                ? processLink({ nodeId: a.nodeId, key: a.processDefinitionKey }, 'diagram')
                : null,
              a.status === 'open'
                ? h('button', { onclick: act(a, 'acknowledge') }, 'Acknowledge')
                : badge(a.status),
              h('button', { onclick: act(a, 'resolve') }, 'Resolve'),
            ),
          )),
    );
  }

  const LEADERBOARD_COLUMNS = [
    ['rank', 'Rank', (e) => String(e.rank)],
    [
      'processDefinitionKey',
      'Process',
      (e) => processLink({ nodeId: e.nodeId, key: e.processDefinitionKey }),
    ],
    ['nodeId', 'Node', (e) => e.nodeId],
    ['completed', 'Completed', (e) => String(e.completed)],
    ['throughputPerDay', 'Per day', (e) => e.throughputPerDay.toFixed(1)],
    ['medianMs', 'Median', (e) => duration(e.medianMs)],
    ['p95Ms', 'p95', (e) => duration(e.p95Ms)],
    ['incidentRate', 'Incident rate', (e) => percent(e.incidentRate)],
    ['slaCompliance', 'SLA compliance', (e) => percent(e.slaCompliance)],
    ['score', 'Score', (e) => e.score.toFixed(1)],
  ];

  function renderLeaderboard() {
    const { field, descending } = leaderboardSort;
    const value = (e) => e[field];
    const sorted = [...leaderboard].sort((a, b) => {
      const x = value(a),
        y = value(b);
      if (x === y) return a.rank - b.rank;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return descending ? -order : order;
    });
    $('leaderboard').tHead.rows[0].replaceChildren(
      ...LEADERBOARD_COLUMNS.map(([name, label]) =>
        h(
          'th',
          {
            'data-sort': name,
            class: 'sortable',
            'aria-sort': name === field ? (descending ? 'descending' : 'ascending') : null,
            onclick: () => {
              leaderboardSort.descending =
                leaderboardSort.field === name ? !leaderboardSort.descending : false;
              leaderboardSort.field = name;
              renderLeaderboard();
            },
          },
          label,
          name === field ? (descending ? ' ▼' : ' ▲') : '',
        ),
      ),
    );
    $('leaderboard').tBodies[0].replaceChildren(
      ...(sorted.length === 0
        ? [
            h(
              'tr',
              {},
              h('td', { colspan: LEADERBOARD_COLUMNS.length, class: 'muted' }, 'No leaderboard yet'),
            ),
          ]
        : sorted.map((e) =>
            h(
              'tr',
              { 'data-process': e.processDefinitionKey, 'data-node': e.nodeId },
              LEADERBOARD_COLUMNS.map(([, , cell]) => h('td', {}, cell(e))),
            ),
          )),
    );
  }

  const points = (series, pick) => series.map((p) => ({ t: new Date(p.hour), value: pick(p) }));

  function renderTrends(t) {
    const c = t.cluster.series;
    lineChart(
      $('trend-throughput'),
      [
        { name: 'started', color: '#1e66d0', points: points(c, (p) => p.started) },
        { name: 'completed', color: '#2e7d32', points: points(c, (p) => p.completed) },
      ],
      { emptyText: 'No instances in the window' },
    );
    lineChart(
      $('trend-p95'),
      [{ name: 'p95 of completed', color: '#8e24aa', points: points(c, (p) => p.p95Ms) }],
      {
        format: duration,
        emptyText: 'No instance completed in the window',
      },
    );
    lineChart(
      $('trend-incidents'),
      [{ name: 'open incidents', color: '#c62828', points: points(c, (p) => p.openIncidents) }],
      { emptyText: 'No incidents' },
    );
    $('trends').tBodies[0].replaceChildren(
      ...[...t.processes]
        .sort((a, b) => b.started + b.completed - (a.started + a.completed))
        .map((p) =>
          h(
            'tr',
            { 'data-process': p.processDefinitionKey },
            h('td', {}, processLink({ key: p.processDefinitionKey })),
            h(
              'td',
              {},
              `${p.started} `,
              sparkline(
                p.series.map((x) => x.started),
                { color: '#1e66d0' },
              ),
            ),
            h(
              'td',
              {},
              `${p.completed} `,
              sparkline(
                p.series.map((x) => x.completed),
                { color: '#2e7d32' },
              ),
            ),
            h(
              'td',
              {},
              `${duration(p.p95Ms)} `,
              sparkline(
                p.series.map((x) => x.p95Ms),
                { color: '#8e24aa', format: duration },
              ),
            ),
            h(
              'td',
              {},
              `${p.openIncidents} `,
              sparkline(
                p.series.map((x) => x.openIncidents),
                { color: '#c62828' },
              ),
            ),
          ),
        ),
    );
  }

  function renderHealthTrend(t) {
    lineChart(
      $('health-chart'),
      [
        ...(t.cluster.length
          ? [{ name: 'cluster', color: '#1d2330', points: points(t.cluster, (p) => p.lastScore) }]
          : []),
        ...t.nodes.map((n, i) => ({
          name: n.nodeId,
          color: NODE_COLOURS[i % NODE_COLOURS.length],
          points: points(n.series, (p) => p.lastScore),
        })),
      ],
      { format: (v) => v.toFixed(0), emptyText: 'No health scores in the window' },
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
      [
        '/processes/leaderboard',
        (r) => {
          leaderboard = r.data;
          renderLeaderboard();
        },
      ],
      [`/trends/processes?hours=${$('trend-hours').value}`, renderTrends],
      [`/trends/node-health?hours=${$('trend-hours').value}`, renderHealthTrend],
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
    apiKey.set($('api-key').value.trim());
    void refresh().then(schedule);
  });
  $('refresh').addEventListener('change', schedule);
  $('trend-hours').addEventListener('change', () => void refresh());
  if (apiKey.get()) {
    $('api-key').value = apiKey.get();
    void refresh().then(schedule);
  }
})();
