// Helpers shared by the dashboard and the process page: safe element building, formatting, the API with the
// tab's key, and links into the engines' own web apps. Every value is inserted as text, never as markup.
(function () {
  const KEY_STORAGE = 'flowpilot-api-key';

  /** Builds an element; children are nodes or text (never parsed as HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === 'onclick') el.addEventListener('click', value);
      else if (value !== null && value !== undefined && value !== false) el.setAttribute(name, String(value));
    }
    for (const child of children.flat())
      if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
    return el;
  }

  const badge = (text) => h('span', { class: `badge ${text}` }, text);
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
  const duration = (ms) => {
    if (ms === null || ms === undefined) return '—';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
    if (ms < 172_800_000) return `${(ms / 3_600_000).toFixed(1)} h`;
    return `${(ms / 86_400_000).toFixed(1)} d`;
  };
  const percent = (share) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`);

  const apiKey = {
    get: () => sessionStorage.getItem(KEY_STORAGE) || '',
    set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  };

  /** GET/POST on /api/v1 with the tab's key; JSON by default, text with `{ text: true }`. */
  async function api(path, init = {}) {
    const response = await fetch(`/api/v1${path}`, {
      ...init,
      headers: { 'X-API-Key': apiKey.get(), 'Content-Type': 'application/json' },
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(`${path}: ${response.status} ${body && body.message ? body.message : ''}`);
    }
    if (response.status === 204) return null;
    return init.text ? response.text() : response.json();
  }

  /**
   * Cockpit of a node: its `webAppsUrl` when the node list gives one (Camunda /camunda, Operaton /operaton,
   * CIB seven /webapp), else the engine URL's origin with Camunda's default /camunda.
   */
  function cockpitBase(node) {
    if (!node) return null;
    if (node.webAppsUrl) return node.webAppsUrl.replace(/\/+$/, '');
    if (!node.url) return null;
    try {
      return `${new URL(node.url).origin}/camunda`;
    } catch {
      return null;
    }
  }
  const cockpit = {
    definition: (node, id) => cockpitLink(node, `process-definition/${encodeURIComponent(id)}/runtime`),
    definitionIncidents: (node, id) =>
      cockpitLink(node, `process-definition/${encodeURIComponent(id)}/runtime?tab=incidents-tab`),
    instance: (node, id) => cockpitLink(node, `process-instance/${encodeURIComponent(id)}/runtime`),
    incident: (node, instanceId) =>
      cockpitLink(node, `process-instance/${encodeURIComponent(instanceId)}/runtime?tab=incidents-tab`),
  };
  function cockpitLink(node, route) {
    const base = cockpitBase(node);
    return base ? `${base}/app/cockpit/default/#/${route}` : null;
  }

  /** Link to the process page of a definition (a version when `definitionId` is known, else the latest). */
  function processPage({ nodeId, key, definitionId, activityId }) {
    const params = new URLSearchParams();
    if (nodeId) params.set('node', nodeId);
    if (key) params.set('key', key);
    if (definitionId) params.set('definition', definitionId);
    if (activityId) params.set('activity', activityId);
    return `/process.html#${params}`;
  }

  /** The process's name as a link to its page (or plain text when the process is unknown). */
  function processLink(ref, text) {
    if (!ref.key) return h('span', {}, text || '—');
    return h('a', { href: processPage(ref), class: 'process-link' }, text || ref.key);
  }

  window.FlowpilotUi = { h, badge, time, duration, percent, api, apiKey, cockpit, processPage, processLink };
})();
