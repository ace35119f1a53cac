// The process page: one definition version on one node, its deployed diagram from the engine (bpmn-js, served
// from the gateway) and switchable overlays per activity, all read through /api/v1 with the tab's key.
(function () {
  const { h, badge, time, duration, percent, api, apiKey, cockpit, processLink } = window.FlowpilotUi;
  const $ = (id) => document.getElementById(id);
  const viewer = new window.BpmnJS({ container: '#canvas' });
  const state = { nodes: [], node: null, overlays: null, processesLoaded: false };

  const { heatColour, OVERLAYS } = window.FlowpilotOverlays;

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  function readHash() {
    return new URLSearchParams(location.hash.slice(1));
  }

  function writeHash(changes) {
    const params = readHash();
    for (const [k, v] of Object.entries(changes))
      if (v === null || v === undefined || v === '') params.delete(k);
      else params.set(k, v);
    history.replaceState(null, '', `#${params}`);
  }

  const overlayChoice = () => document.querySelector('input[name=overlay]:checked').value;

  function options(select, items, selected) {
    select.replaceChildren(
      ...items.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
    );
  }

  async function loadNodes() {
    const { data } = await api('/nodes');
    state.nodes = data;
    const configured = data.filter((n) => n.configured);
    const wanted = readHash().get('node') || (await nodeWithKey(configured, readHash().get('key')));
    const choice = configured.find((n) => n.nodeId === wanted) || configured[0];
    if (!choice) throw new Error('This gateway has no Camunda node configured (CAMUNDA_NODE_<n>_*).');
    options(
      $('node'),
      configured.map((n) => [n.nodeId, n.nodeId]),
      choice.nodeId,
    );
    state.node = choice;
  }

  /** A link that names a process but no node (trends are summed over nodes) opens the first node that has it. */
  async function nodeWithKey(nodes, key) {
    if (!key) return null;
    for (const node of nodes) {
      const found = await api(
        `/nodes/${encodeURIComponent(node.nodeId)}/process-definitions?key=${encodeURIComponent(key)}`,
      ).catch(() => ({ data: [] }));
      if (found.data.length > 0) return node.nodeId;
    }
    return null;
  }

  async function loadProcesses() {
    const { data } = await api(`/nodes/${encodeURIComponent(state.node.nodeId)}/process-definitions`);
    const key = readHash().get('key');
    options(
      $('process'),
      [['', '— all processes —'], ...data.map((d) => [d.key, d.name ? `${d.name} (${d.key})` : d.key])],
      key || '',
    );
    renderIndex(data);
    state.processesLoaded = true;
    return data;
  }

  function renderIndex(definitions) {
    $('index').tBodies[0].replaceChildren(
      ...definitions.map((d) => {
        const link = cockpit.definition(state.node, d.id);
        return h(
          'tr',
          { 'data-key': d.key },
          h('td', {}, processLink({ nodeId: state.node.nodeId, key: d.key }, d.name || d.key)),
          h('td', {}, d.key),
          h('td', {}, `v${d.version}`),
          h('td', {}, link ? h('a', { href: link, target: '_blank', rel: 'noopener' }, 'open') : '—'),
        );
      }),
    );
  }

  async function loadVersions(key) {
    const { data } = await api(
      `/nodes/${encodeURIComponent(state.node.nodeId)}/process-definitions?key=${encodeURIComponent(key)}`,
    );
    if (data.length === 0) throw new Error(`No process with key ${key} is deployed on ${state.node.nodeId}`);
    const wanted = readHash().get('definition');
    const choice = data.find((d) => d.id === wanted) || data[0];
    options(
      $('version'),
      data.map((d, i) => [
        d.id,
        `v${d.version}${i === 0 ? ' (latest)' : ''}${d.versionTag ? ` · ${d.versionTag}` : ''}`,
      ]),
      choice.id,
    );
    return choice;
  }

  async function show() {
    document.body.dataset.rendered = 'false';
    // The process list may still be loading: until it is there, the key in the address decides.
    const key = $('process').value || (state.processesLoaded ? '' : readHash().get('key') || '');
    const index = !key;
    $('index-card').hidden = !index;
    $('activities-card').hidden = index;
    $('summary').hidden = index;
    document.querySelector('.process-layout').hidden = index;
    if (index) {
      writeHash({ node: state.node.nodeId, key: null, definition: null, activity: null });
      document.body.dataset.rendered = 'index';
      return status('Pick a process.', false);
    }
    const versions = $('all-versions').checked ? 'all' : 'this';
    const hours = $('hours').value;
    status('Loading…', false);
    const fetchDiagram = (definitionId) => {
      const base = `/nodes/${encodeURIComponent(state.node.nodeId)}/process-definitions/${encodeURIComponent(definitionId)}`;
      return Promise.all([
        api(`${base}/xml`, { text: true }),
        api(`${base}/activities?versions=${versions}&hours=${hours}`),
      ]);
    };
    // A version named in the address is fetched at once, beside the version list; else the newest one.
    const named = readHash().get('definition');
    const early = named ? fetchDiagram(named) : null;
    if (early) early.catch(() => undefined);
    const definition = await loadVersions(key);
    writeHash({
      node: state.node.nodeId,
      key,
      definition: definition.id,
      versions,
      hours,
      overlay: overlayChoice(),
    });
    const [xml, overlays] =
      early && definition.id === named ? await early : await fetchDiagram(definition.id);
    performance.mark('flowpilot:data');
    await viewer.importXML(xml);
    viewer.get('canvas').zoom('fit-viewport');
    performance.mark('flowpilot:diagram');
    state.overlays = overlays;
    renderSummary(overlays);
    renderActivities(overlays);
    drawOverlays();
    performance.mark('flowpilot:overlays');
    status('', false);
    document.body.dataset.rendered = 'true';
    const activity = readHash().get('activity');
    if (activity) await openPanel(activity);
  }

  function renderSummary(o) {
    const d = o.definition;
    const link = cockpit.definition(state.node, d.id);
    const incidents = cockpit.definitionIncidents(state.node, d.id);
    $('summary').replaceChildren(
      h('strong', {}, d.name || d.key),
      h(
        'span',
        {},
        `v${d.version}${o.versions === 'all' ? ` + all other versions (${o.definitionIds.length})` : ''}`,
      ),
      h('span', {}, `${o.totals.running} tokens now`),
      h('span', {}, `${o.totals.incidents} open incidents`),
      h('span', {}, `${o.totals.completedActivities} activities completed in the window`),
      h('span', { class: 'muted' }, `window ${time(o.window.from)} – now`),
      link
        ? h(
            'a',
            { href: link, target: '_blank', rel: 'noopener', id: 'cockpit-definition' },
            'Cockpit: definition',
          )
        : null,
      incidents ? h('a', { href: incidents, target: '_blank', rel: 'noopener' }, 'Cockpit: incidents') : null,
    );
  }

  function activityName(a) {
    const element = viewer.get('elementRegistry').get(a.activityId);
    return (
      (element && element.businessObject && element.businessObject.name) || a.activityName || a.activityId
    );
  }

  function renderActivities(o) {
    const ranked = [...o.activities].sort(
      (a, b) =>
        (a.heatRank || Infinity) - (b.heatRank || Infinity) || a.activityId.localeCompare(b.activityId),
    );
    $('activities').tBodies[0].replaceChildren(
      ...ranked.map((a) =>
        h(
          'tr',
          {
            'data-activity': a.activityId,
            'data-heat-rank': a.heatRank,
            onclick: () => void openPanel(a.activityId),
          },
          h(
            'td',
            {},
            a.heatRank
              ? h(
                  'span',
                  { class: 'heat-cell', style: `background:${heatColour(a.heat)}` },
                  String(a.heatRank),
                )
              : '—',
          ),
          h('td', {}, activityName(a), h('div', { class: 'muted' }, a.activityId)),
          h('td', {}, a.durations ? duration(a.durations.p95Ms) : '—'),
          h('td', {}, a.durations ? duration(a.durations.p50Ms) : '—'),
          h('td', {}, a.durations ? String(a.durations.count) : '0'),
          h('td', {}, String(a.running)),
          h('td', {}, String(a.incidents)),
          h('td', {}, `${a.sla.atRisk} / ${a.sla.breached}`),
          h('td', {}, a.risk ? [badge(a.risk.level), ` ${a.risk.riskScore}`] : '—'),
          h('td', {}, a.bottleneck ? `#${a.bottleneck.rank} (${duration(a.bottleneck.p95Ms)})` : '—'),
        ),
      ),
    );
  }

  function drawOverlays() {
    const o = state.overlays;
    if (!o) return;
    const choice = overlayChoice();
    const spec = OVERLAYS[choice];
    const overlays = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    overlays.remove({ type: 'flowpilot' });
    for (const a of o.activities) {
      const element = registry.get(a.activityId);
      if (!element || element.waypoints) continue;
      const colour = spec.cover && spec.cover(a);
      if (colour)
        overlays.add(a.activityId, 'flowpilot', {
          position: { top: 0, left: 0 },
          html: h('div', {
            class: 'fp-heat',
            'data-activity': a.activityId,
            style: `width:${element.width}px;height:${element.height}px;background:${colour}`,
          }),
        });
      for (const b of spec.badges(a))
        overlays.add(a.activityId, 'flowpilot', {
          position: b.position,
          html: h(
            'div',
            {
              class: `fp-badge ${b.cls}`,
              'data-overlay': choice,
              'data-activity': a.activityId,
              'data-value': b.value,
              'data-heat-rank': choice === 'heat' ? a.heatRank : null,
              title: `${activityName(a)}: ${b.text}`,
            },
            b.text,
          ),
        });
    }
    $('legend').replaceChildren(...spec.legend(o));
    $('legend').dataset.overlay = choice;
    document.body.dataset.overlay = choice;
    writeHash({ overlay: choice });
  }

  function instanceRow(i) {
    const link = cockpit.instance(state.node, i.processInstanceId);
    return h(
      'tr',
      {},
      h(
        'td',
        {},
        link
          ? h('a', { href: link, target: '_blank', rel: 'noopener' }, i.processInstanceId.slice(0, 8))
          : i.processInstanceId,
      ),
      h('td', {}, time(i.startTime)),
      h(
        'td',
        {},
        i.durationInMillis !== null
          ? duration(i.durationInMillis)
          : `waiting ${duration(Date.now() - Date.parse(i.startTime))}`,
      ),
    );
  }

  function table(headers, rows, empty) {
    if (rows.length === 0) return h('p', { class: 'muted' }, empty);
    return h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((x) => h('th', {}, x)),
        ),
      ),
      h('tbody', {}, rows),
    );
  }

  async function openPanel(activityId) {
    const o = state.overlays;
    if (!o) return;
    writeHash({ activity: activityId });
    for (const row of $('activities').tBodies[0].rows)
      row.classList.toggle('selected', row.dataset.activity === activityId);
    const panel = $('panel');
    panel.hidden = false;
    panel.dataset.activity = activityId;
    panel.dataset.loaded = 'false';
    panel.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    const d = await api(
      `/nodes/${encodeURIComponent(state.node.nodeId)}/process-definitions/${encodeURIComponent(o.definition.id)}/activities/${encodeURIComponent(activityId)}?versions=${o.versions}&hours=${o.window.hours}`,
    );
    const a = d.activity;
    const figures = [
      ['Tokens now', String(a.running)],
      ['Open incidents', String(a.incidents)],
      ['Failed jobs', String(a.failedJobs)],
      ['Completed in window', a.durations ? String(a.durations.count) : '0'],
      [
        'p50 / p95 / p99',
        a.durations
          ? `${duration(a.durations.p50Ms)} / ${duration(a.durations.p95Ms)} / ${duration(a.durations.p99Ms)}`
          : '—',
      ],
      ['Mean / max', a.durations ? `${duration(a.durations.meanMs)} / ${duration(a.durations.maxMs)}` : '—'],
      ['Heat rank', a.heatRank ? `${a.heatRank} of ${o.activities.filter((x) => x.heatRank).length}` : '—'],
      ['SLA at risk / breached', `${a.sla.atRisk} / ${a.sla.breached}`],
      [
        'Failure risk',
        a.risk
          ? `${a.risk.level} ${a.risk.riskScore} (rate ${percent(a.risk.failureRate)}, ${a.risk.trend})`
          : '—',
      ],
      [
        'Analyzer bottleneck',
        a.bottleneck
          ? `#${a.bottleneck.rank}, p95 ${duration(a.bottleneck.p95Ms)}, ${percent(a.bottleneck.shareOfTotal)} of time`
          : '—',
      ],
    ];
    panel.replaceChildren(
      h('h2', {}, activityName(a)),
      h('div', { class: 'muted' }, a.activityId),
      h(
        'dl',
        { class: 'figures' },
        figures.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ),
      h('h3', {}, 'Slowest finished in the window'),
      table(['Instance', 'Started', 'Duration'], d.slowest.map(instanceRow), 'None finished in the window.'),
      h('h3', {}, 'Waiting now (longest first)'),
      table(['Instance', 'Started', 'Waiting'], d.waiting.map(instanceRow), 'No instance waits here.'),
      h('h3', {}, `Open incidents (${d.incidents.length})`),
      d.incidents.length === 0
        ? h('p', { class: 'muted' }, 'None known to Flowpilot.')
        : h(
            'ul',
            { class: 'incident-list' },
            d.incidents.map((i) => {
              const link = i.processInstanceId ? cockpit.incident(state.node, i.processInstanceId) : null;
              return h(
                'li',
                { 'data-incident': i.incidentId },
                h(
                  'div',
                  {},
                  badge(i.incidentType || 'incident'),
                  ' ',
                  time(i.openedAt),
                  ' ',
                  link ? h('a', { href: link, target: '_blank', rel: 'noopener' }, 'Cockpit') : null,
                ),
                h('div', { class: 'muted' }, (i.message || '').slice(0, 200)),
                i.analysis
                  ? h(
                      'details',
                      { class: 'analysis' },
                      h(
                        'summary',
                        {},
                        badge(i.analysis.family),
                        ` ${Math.round(i.analysis.confidence * 100)} % — ${i.analysis.rootCause}`,
                      ),
                      h(
                        'ol',
                        {},
                        i.analysis.fixSteps.map((s) => h('li', {}, s)),
                      ),
                    )
                  : h('div', { class: 'muted' }, 'analysis pending'),
              );
            }),
          ),
    );
    panel.dataset.loaded = 'true';
  }

  async function start() {
    try {
      // A node named in the address is enough to start: the node list (for the picker and the Cockpit
      // links) and the process list (for the picker) load beside the diagram, not before it.
      const named = readHash().get('node');
      const nodes = loadNodes();
      if (named) state.node = { nodeId: named };
      else await nodes;
      const processes = loadProcesses();
      await show();
      await Promise.all([nodes, processes]);
      if (state.overlays) renderSummary(state.overlays);
    } catch (error) {
      status(error.message, true);
      document.body.dataset.rendered = 'error';
    }
  }

  const reshow = () => show().catch((error) => status(error.message, true));
  $('connect').addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey.set($('api-key').value.trim());
    void start();
  });
  $('node').addEventListener('change', () => {
    state.node = state.nodes.find((n) => n.nodeId === $('node').value);
    state.processesLoaded = false;
    writeHash({ node: state.node.nodeId, key: null, definition: null, activity: null });
    loadProcesses().then(reshow, (error) => status(error.message, true));
  });
  $('process').addEventListener('change', () => {
    writeHash({ key: $('process').value, definition: null, activity: null });
    $('panel').hidden = true;
    void reshow();
  });
  $('version').addEventListener('change', () => {
    writeHash({ definition: $('version').value, activity: null });
    $('panel').hidden = true;
    void reshow();
  });
  $('all-versions').addEventListener('change', reshow);
  $('hours').addEventListener('change', reshow);
  for (const radio of document.querySelectorAll('input[name=overlay]'))
    radio.addEventListener('change', drawOverlays);
  viewer.get('eventBus').on('element.click', (event) => {
    const element = event.element;
    if (!state.overlays || element.waypoints || element.type === 'bpmn:Process' || !element.parent) return;
    void openPanel(element.id).catch((error) => status(error.message, true));
  });
  $('index').addEventListener('click', (event) => {
    const row = event.target.closest('tr[data-key]');
    if (!row || event.target.closest('a')) return;
    $('process').value = row.dataset.key;
    $('process').dispatchEvent(new Event('change'));
  });

  const params = readHash();
  if (params.get('versions') === 'all') $('all-versions').checked = true;
  if (params.get('hours')) $('hours').value = params.get('hours');
  const overlay = params.get('overlay');
  if (overlay && OVERLAYS[overlay])
    document.querySelector(`input[name=overlay][value=${overlay}]`).checked = true;
  if (apiKey.get()) {
    $('api-key').value = apiKey.get();
    void start();
  }
})();
