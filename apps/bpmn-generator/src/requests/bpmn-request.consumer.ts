import { Controller } from '@nestjs/common';
import { EventOf, EventPublisher, OnEvent, respond } from '@flowpilot/shared';
import { BpmnCommandEvents } from '../observability/bpmn-command.events';
import { BpmnCommandHandler } from './bpmn-command.handler';

/** The responder side of `bpmn.request.v1` → `bpmn.reply.v1` (see libs/shared/src/kafka/request-reply.ts). */
@Controller()
export class BpmnRequestConsumer {
  constructor(
    private readonly handler: BpmnCommandHandler,
    private readonly publisher: EventPublisher,
    private readonly events: BpmnCommandEvents,
  ) {}

  @OnEvent('bpmn.request.v1')
  async handle(event: EventOf<'bpmn.request.v1'>): Promise<void> {
    const started = Date.now();
    const outcome = await respond(this.publisher, 'bpmn.reply.v1', event, (command) =>
      this.handler.execute(command, event.payload.requestId),
    );
    this.events.emit('handled', {
      type: event.payload.command.type,
      outcome,
      durationMs: Date.now() - started,
    });
  }
}
