import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { camundaGet, deployBpmn, startInstance } from '../../test/support/camunda';
import { WebhookReceiver } from '../../test/support/webhook-receiver';
import { camundaTime, firstReceipt } from '../e2e/latency.util';
import type { IncidentDelivery } from './incident-stages';

const ROOT = resolve(__dirname, '../..');

/** What the incidents of one model reached: a latency per delivered webhook, and how many never arrived. */
export interface IncidentLatencies {
  latenciesMs: number[];
  missing: number;
  /** The delivered ones, for tracing each through the pipeline's hops. */
  deliveries: IncidentDelivery[];
}

/**
 * Incidents of the e2e benchmark's model (an expression with a missing variable,
 * retried once, then an incident), deployed under a key of its own so that the
 * incidents of one measurement are told apart from the others'.
 */
export class IncidentProbe {
  private readonly started: string[] = [];

  constructor(
    private readonly engineUrl: string,
    readonly processKey: string,
  ) {}

  async deploy(): Promise<void> {
    const xml = readFileSync(resolve(ROOT, 'test/fixtures/bpmn/e2e-missing-variable.bpmn'), 'utf8').replace(
      /e2e-missing-variable/g,
      this.processKey,
    );
    await deployBpmn(this.engineUrl, this.processKey, xml);
  }

  /** Starts `count` failing instances, `spacingMs` apart (the first one after `delayMs`). */
  async raise(count: number, spacingMs: number, delayMs = 0): Promise<void> {
    const from = Date.now() + delayMs;
    for (let i = 0; i < count; i++) {
      const due = from + i * spacingMs;
      if (due > Date.now()) await sleep(due - Date.now());
      this.started.push(
        await startInstance(this.engineUrl, this.processKey, {
          orderTotal: { value: 100 + i, type: 'Double' },
        }),
      );
    }
  }

  /**
   * Waits (bounded) for Camunda's incidents of the started instances and for an
   * `incident.opened` webhook of each; latency = receipt − Camunda's incidentTimestamp.
   * An incident whose webhook did not come in time counts as missing, not as a number.
   */
  async latencies(receiver: WebhookReceiver, timeoutMs: number): Promise<IncidentLatencies> {
    const deadline = Date.now() + timeoutMs;
    let incidents: { id: string; incidentTimestamp: string }[] = [];
    while (Date.now() < deadline) {
      incidents = await camundaGet<{ id: string; incidentTimestamp: string }[]>(
        this.engineUrl,
        `/incident?processDefinitionKeyIn=${this.processKey}`,
      ).catch(() => incidents);
      const delivered = incidents.filter((i) => firstReceipt(receiver.received, 'incident.opened', i.id));
      if (incidents.length >= this.started.length && delivered.length === incidents.length) break;
      await sleep(250);
    }
    const deliveries = incidents.flatMap((i) => {
      const receivedAt = firstReceipt(receiver.received, 'incident.opened', i.id);
      return receivedAt === undefined
        ? []
        : [{ incidentId: i.id, openedAt: camundaTime(i.incidentTimestamp), receivedAt }];
    });
    const latenciesMs = deliveries.map((d) => d.receivedAt - d.openedAt);
    return { latenciesMs, missing: this.started.length - latenciesMs.length, deliveries };
  }
}
