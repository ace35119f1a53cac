import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '@flowpilot/shared';
import { DataSource } from 'typeorm';
import { createHandlers } from './bootstrap/handlers.factory';
import { NotificationRepository } from './database/notification.repository';
import { SecurityEventRepository } from './database/security-event.repository';
import { FareDecisionEvents } from './fare-rules/fare-decision.events';
import { PROCESSES_DIR } from './testing/process-driver';
import { WalletRepository } from './wallet/wallet.repository';
import { WorkersConfigSchema } from './workers.config';
import { workersSettings } from './workers.settings';

const files = readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.bpmn'));
const models = files.map((file) => ({ file, xml: readFileSync(resolve(PROCESSES_DIR, file), 'utf8') }));

const attributes = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].map((m) => m[1]);

describe('processes/*.bpmn', () => {
  it('holds the shipped processes', () => {
    expect(files.sort()).toEqual([
      'email-verification.bpmn',
      'kyc-validation.bpmn',
      'merchant-approval.bpmn',
      'suspicious-activity.bpmn',
      'ticket-refund.bpmn',
      'wallet-creation.bpmn',
    ]);
  });

  it.each(models)(
    '$file is executable, has a history time to live and a diagram element for every node and flow',
    ({ xml }) => {
      expect(xml).toMatch(/<bpmn:process [^>]*isExecutable="true"[^>]*camunda:historyTimeToLive="\d+"/);
      const elements = attributes(
        xml,
        /<bpmn:(?:startEvent|endEvent|serviceTask|userTask|exclusiveGateway|eventBasedGateway|intermediateCatchEvent|boundaryEvent|sequenceFlow) id="([^"]+)"/g,
      );
      const drawn = new Set(attributes(xml, /bpmnElement="([^"]+)"/g));

      expect(elements.filter((id) => !drawn.has(id))).toEqual([]);
    },
  );

  it('every external-task topic has a handler, and every handler serves a topic of some process', () => {
    const topics = new Set(models.flatMap(({ xml }) => attributes(xml, /camunda:topic="([^"]+)"/g)));
    const sut = createHandlers(workersSettings(loadConfig('workers', WorkersConfigSchema, {})).handlers, {
      db: {} as DataSource,
      wallets: new WalletRepository(),
      security: new SecurityEventRepository(),
      notifications: new NotificationRepository(),
      fareDecisions: new FareDecisionEvents(),
    }).map((h) => h.topic);

    expect([...topics].sort()).toEqual([...sut].sort());
  });
});
