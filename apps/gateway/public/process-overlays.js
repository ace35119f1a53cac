// The process page's overlays: what each one draws on an activity and how its legend reads. Each entry gives
// the badges (number, colour, position) for an activity of GET …/activities, and the heat entry a cover colour.
(function () {
  const { h, duration } = window.FlowpilotUi;

  /** Green → yellow → red along 0–1. */
  function heatColour(share) {
    const stops = [
      [67, 160, 71],
      [253, 216, 53],
      [229, 57, 53],
    ];
    const x = Math.max(0, Math.min(1, share)) * 2;
    const [a, b] = x <= 1 ? [stops[0], stops[1]] : [stops[1], stops[2]];
    const t = x <= 1 ? x : x - 1;
    return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(',')})`;
  }

  const OVERLAYS = {
    heat: {
      legend: (o) => {
        const hottest = o.activities.find((a) => a.heatRank === 1);
        return [
          h('span', {}, 'p95 duration per activity, completed in the window: '),
          h('span', {}, 'fast '),
          h('span', { class: 'gradient' }),
          h('span', {}, ` slow (${hottest ? duration(hottest.durations.p95Ms) : 'no data'})`),
          h('span', { class: 'muted' }, '· label = p95 · no colour = nothing completed in the window'),
        ];
      },
      badges: (a) =>
        a.durations && a.durations.p95Ms !== null
          ? [
              {
                cls: 'heat',
                text: duration(a.durations.p95Ms),
                value: a.durations.p95Ms,
                position: { bottom: 8, left: -6 },
              },
            ]
          : [],
      cover: (a) => (a.heat !== null ? heatColour(a.heat) : null),
    },
    tokens: {
      legend: (o) => [
        h('span', { class: 'swatch', style: 'background:#1e66d0' }),
        `tokens waiting in the activity now (${o.totals.running} in total)`,
      ],
      badges: (a) =>
        a.running > 0
          ? [{ cls: 'tokens', text: String(a.running), value: a.running, position: { bottom: 8, left: -6 } }]
          : [],
    },
    incidents: {
      legend: (o) => [
        h('span', { class: 'swatch', style: 'background:#c62828' }),
        `open incidents now (${o.totals.incidents} in total)`,
      ],
      badges: (a) =>
        a.incidents > 0
          ? [
              {
                cls: 'incidents',
                text: String(a.incidents),
                value: a.incidents,
                position: { top: -10, right: 10 },
              },
            ]
          : [],
    },
    sla: {
      legend: (o) => [
        h('span', { class: 'swatch', style: 'background:#ef6c00' }),
        'at risk ',
        h('span', { class: 'swatch', style: 'background:#c62828' }),
        `breached — open SLA alerts of user tasks raised in the window (whole instances: ${o.processSla.atRisk} at risk, ${o.processSla.breached} breached)`,
      ],
      badges: (a) => [
        ...(a.sla.atRisk > 0
          ? [
              {
                cls: 'sla-at-risk',
                text: `⚠ ${a.sla.atRisk}`,
                value: a.sla.atRisk,
                position: { bottom: 8, left: -6 },
              },
            ]
          : []),
        ...(a.sla.breached > 0
          ? [
              {
                cls: 'sla-breached',
                text: `✖ ${a.sla.breached}`,
                value: a.sla.breached,
                position: { bottom: 8, right: 14 },
              },
            ]
          : []),
      ],
    },
    risk: {
      legend: () => [
        h('span', { class: 'swatch', style: 'background:#607d8b' }),
        'low ',
        h('span', { class: 'swatch', style: 'background:#ef6c00' }),
        'medium ',
        h('span', { class: 'swatch', style: 'background:#c62828' }),
        "high — the analyzer's job-failure risk score (0–100), all versions",
      ],
      badges: (a) =>
        a.risk
          ? [
              {
                cls: `risk-${a.risk.level}`,
                text: `${a.risk.riskScore}`,
                value: a.risk.riskScore,
                position: { top: -10, left: -6 },
              },
            ]
          : [],
    },
  };

  window.FlowpilotOverlays = { heatColour, OVERLAYS };
})();
