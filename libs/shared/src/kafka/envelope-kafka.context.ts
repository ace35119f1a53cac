import { BaseRpcContext } from '@nestjs/microservices';

type ContextArgs = [topic: string, partition: number, offset: string, headers: Record<string, string>];

/** What a handler can learn about the message besides its envelope (`@Ctx()`). */
export class EnvelopeKafkaContext extends BaseRpcContext<ContextArgs> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  getOffset(): string {
    return this.args[2];
  }
  getHeaders(): Record<string, string> {
    return this.args[3];
  }
}
