#!/usr/bin/env node
// Deploys a model whose service task uses a variable nobody set, and starts it:
// Camunda raises an incident, which Flowpilot collects, explains and announces.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const engine = process.env.CAMUNDA_NODE_1_URL || 'http://127.0.0.1:8080/engine-rest';
const key = 'e2e-missing-variable';

async function main() {
  const form = new FormData();
  form.append('deployment-name', key);
  form.append('deploy-changed-only', 'true');
  const xml = readFileSync(resolve(__dirname, '../test/fixtures/bpmn/e2e-missing-variable.bpmn'));
  form.append('data', new Blob([xml], { type: 'application/xml' }), `${key}.bpmn`);
  const deployed = await fetch(`${engine}/deployment/create`, { method: 'POST', body: form });
  if (!deployed.ok) throw new Error(`deployment failed: ${deployed.status} ${await deployed.text()}`);
  const started = await fetch(`${engine}/process-definition/key/${key}/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ variables: { orderTotal: { value: 120, type: 'Double' } } }),
  });
  if (!started.ok) throw new Error(`start failed: ${started.status} ${await started.text()}`);
  const instance = await started.json();
  console.log(`started process instance ${instance.id}; Camunda raises an incident in a few seconds.`);
  console.log(
    'Watch it arrive: curl -H "X-API-Key: $(cat .stack/demo-admin-key)" http://localhost:3000/api/v1/incidents',
  );
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
