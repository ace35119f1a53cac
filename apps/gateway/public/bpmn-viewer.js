// Renders a stored model's XML with bpmn-js (served from the gateway, no CDN). `#model=<id>&version=<n>` preselects one.
(function () {
  const $ = (id) => document.getElementById(id);
  const viewer = new window.BpmnJS({ container: '#canvas' });
  const params = new URLSearchParams(location.hash.slice(1));
  $('model-id').value = params.get('model') || '';
  $('version').value = params.get('version') || '';
  $('api-key').value = sessionStorage.getItem('flowpilot-api-key') || '';

  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  }

  async function show() {
    const key = $('api-key').value.trim();
    sessionStorage.setItem('flowpilot-api-key', key);
    const version = $('version').value ? `?version=${encodeURIComponent($('version').value)}` : '';
    const path = `/api/v1/bpmn/models/${encodeURIComponent($('model-id').value.trim())}/xml${version}`;
    const response = await fetch(path, { headers: { 'X-API-Key': key } });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      return status(`Could not load the model: ${response.status} ${body.message || ''}`, true);
    }
    const xml = await response.text();
    const { warnings } = await viewer.importXML(xml);
    viewer.get('canvas').zoom('fit-viewport');
    const blob = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    Object.assign($('download'), {
      href: blob,
      download: `${$('model-id').value.trim()}.bpmn`,
      hidden: false,
    });
    status(warnings.length ? `Rendered with ${warnings.length} warning(s)` : 'Rendered', false);
    document.body.dataset.rendered = 'true';
  }

  $('load').addEventListener('submit', (event) => {
    event.preventDefault();
    show().catch((error) => status(`Could not render the model: ${error.message}`, true));
  });
  if ($('model-id').value && $('api-key').value)
    show().catch((error) => status(`Could not render the model: ${error.message}`, true));
})();
