// Small SVG charts for the dashboard: no library, no build step. Every label is set as text, never as markup.
(function () {
  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) el.setAttribute(name, String(value));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function empty(container, message) {
    container.replaceChildren();
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = message;
    container.append(p);
  }

  /** Horizontal bars: [{ label, value, color?, href? }], values formatted by `format`; a label with href links. */
  function barChart(container, rows, { format = String, emptyText = 'No data yet' } = {}) {
    if (rows.length === 0) return empty(container, emptyText);
    const width = 560,
      row = 22,
      labelWidth = 220,
      max = Math.max(...rows.map((r) => r.value), 1);
    const root = svg('svg', { viewBox: `0 0 ${width} ${rows.length * row + 4}`, role: 'img' });
    rows.forEach((r, i) => {
      const y = i * row + 2;
      const barWidth = Math.max(2, ((width - labelWidth - 100) * r.value) / max);
      const label = svg(
        'text',
        { x: labelWidth - 6, y: y + 14, 'text-anchor': 'end', 'font-size': 11 },
        r.label,
      );
      if (r.href) {
        const link = svg('a', { href: r.href, class: 'process-link' });
        link.append(label);
        root.append(link);
      } else root.append(label);
      root.append(
        svg('rect', {
          x: labelWidth,
          y: y + 3,
          width: barWidth,
          height: row - 8,
          rx: 3,
          fill: r.color || '#5c6bc0',
        }),
      );
      root.append(
        svg(
          'text',
          { x: labelWidth + barWidth + 6, y: y + 14, 'font-size': 11, fill: '#445' },
          format(r.value),
        ),
      );
    });
    container.replaceChildren(root);
  }

  /** Points over time: [{ t: Date, value, color, title, href? }], y from 0 to the largest value; a point with href links. */
  function scatterChart(container, points, { yLabel = '', emptyText = 'No data yet' } = {}) {
    if (points.length === 0) return empty(container, emptyText);
    const width = 560,
      height = 220,
      left = 44,
      bottom = 26,
      top = 10,
      right = 10;
    const times = points.map((p) => p.t.getTime());
    const t0 = Math.min(...times),
      t1 = Math.max(...times, t0 + 1);
    const yMax = Math.max(...points.map((p) => p.value), 1);
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const y = (v) => top + (1 - v / yMax) * (height - top - bottom);
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    root.append(
      svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#99a' }),
    );
    root.append(svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#99a' }));
    for (const fraction of [0, 0.5, 1]) {
      const v = yMax * fraction;
      root.append(
        svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10 }, v.toFixed(1)),
      );
    }
    root.append(svg('text', { x: left, y: height - 6, 'font-size': 10 }, new Date(t0).toLocaleString()));
    root.append(
      svg(
        'text',
        { x: width - right, y: height - 6, 'text-anchor': 'end', 'font-size': 10 },
        new Date(t1).toLocaleString(),
      ),
    );
    root.append(svg('text', { x: 4, y: top + 8, 'font-size': 10, fill: '#667' }, yLabel));
    for (const p of points) {
      const dot = svg('circle', {
        cx: x(p.t.getTime()),
        cy: y(p.value),
        r: 4,
        fill: p.color || '#5c6bc0',
        'fill-opacity': 0.8,
      });
      dot.append(svg('title', {}, p.title || ''));
      if (p.href) {
        const link = svg('a', { href: p.href });
        link.append(dot);
        root.append(link);
      } else root.append(dot);
    }
    container.replaceChildren(root);
  }

  /** A half-circle gauge for a 0–100 score. */
  function gauge(container, score, status) {
    const root = svg('svg', { viewBox: '0 0 160 96', width: 200, role: 'img' });
    const color = { healthy: '#2e7d32', degraded: '#ef6c00', critical: '#c62828' }[status] || '#90a4ae';
    const arc = (fraction) => {
      const angle = Math.PI * (1 - fraction);
      return `M 10 80 A 70 70 0 0 1 ${80 + 70 * Math.cos(angle)} ${80 - 70 * Math.sin(angle)}`;
    };
    root.append(svg('path', { d: arc(0.9999), stroke: '#e0e3ea', 'stroke-width': 14, fill: 'none' }));
    if (score !== null)
      root.append(
        svg('path', {
          d: arc(Math.max(0.001, Math.min(score, 100) / 100)),
          stroke: color,
          'stroke-width': 14,
          fill: 'none',
        }),
      );
    root.append(
      svg(
        'text',
        { x: 80, y: 72, 'text-anchor': 'middle', 'font-size': 26, 'font-weight': 700 },
        score === null ? '—' : String(Math.round(score)),
      ),
    );
    root.append(svg('text', { x: 80, y: 92, 'text-anchor': 'middle', 'font-size': 12, fill: color }, status));
    container.replaceChildren(root);
  }

  /** Lines over time: [{ name, color, points: [{ t: Date, value | null }] }]; a null value breaks the line. */
  function lineChart(container, series, { format = String, emptyText = 'No data yet', height = 180 } = {}) {
    const values = series.flatMap((s) => s.points.map((p) => p.value)).filter((v) => v !== null);
    if (values.length === 0) return empty(container, emptyText);
    const width = 560,
      left = 56,
      bottom = 22,
      top = 18,
      right = 10;
    const times = series.flatMap((s) => s.points.map((p) => p.t.getTime()));
    const t0 = Math.min(...times),
      t1 = Math.max(...times, t0 + 1);
    const yMax = Math.max(...values, 1);
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const y = (v) => top + (1 - v / yMax) * (height - top - bottom);
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    root.append(
      svg('line', { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, stroke: '#99a' }),
    );
    for (const fraction of [0, 0.5, 1])
      root.append(
        svg(
          'text',
          { x: left - 4, y: y(yMax * fraction) + 4, 'text-anchor': 'end', 'font-size': 10 },
          format(yMax * fraction),
        ),
      );
    root.append(svg('text', { x: left, y: height - 6, 'font-size': 10 }, new Date(t0).toLocaleString()));
    root.append(
      svg(
        'text',
        { x: width - right, y: height - 6, 'text-anchor': 'end', 'font-size': 10 },
        new Date(t1).toLocaleString(),
      ),
    );
    let legendX = left;
    for (const s of series) {
      const segments = [];
      let current = [];
      for (const p of s.points) {
        if (p.value === null) {
          if (current.length) segments.push(current);
          current = [];
        } else current.push(`${x(p.t.getTime()).toFixed(1)},${y(p.value).toFixed(1)}`);
      }
      if (current.length) segments.push(current);
      for (const points of segments) {
        if (points.length === 1) {
          const [cx, cy] = points[0].split(',');
          root.append(svg('circle', { cx, cy, r: 2.5, fill: s.color }));
        } else
          root.append(
            svg('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2 }),
          );
      }
      root.append(svg('rect', { x: legendX, y: 3, width: 10, height: 10, fill: s.color }));
      root.append(svg('text', { x: legendX + 14, y: 12, 'font-size': 10 }, s.name));
      legendX += 24 + s.name.length * 6;
    }
    container.replaceChildren(root);
  }

  /** A tiny line of values (nulls skipped) for table cells; the title tells the last value. */
  function sparkline(values, { color = '#5c6bc0', format = String } = {}) {
    const width = 110,
      height = 24;
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
    const known = values.map((v, i) => [i, v]).filter(([, v]) => v !== null);
    const max = Math.max(1, ...known.map(([, v]) => v));
    const x = (i) => 1 + (i / Math.max(1, values.length - 1)) * (width - 2);
    const y = (v) => height - 2 - (v / max) * (height - 4);
    if (known.length === 1)
      root.append(svg('circle', { cx: x(known[0][0]), cy: y(known[0][1]), r: 2, fill: color }));
    else if (known.length > 1)
      root.append(
        svg('polyline', {
          points: known.map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
          fill: 'none',
          stroke: color,
          'stroke-width': 1.5,
        }),
      );
    const last = known.length ? known[known.length - 1][1] : null;
    root.append(svg('title', {}, last === null ? 'no data' : `last: ${format(last)}, max: ${format(max)}`));
    return root;
  }

  window.FlowpilotCharts = { barChart, scatterChart, gauge, lineChart, sparkline };
})();
