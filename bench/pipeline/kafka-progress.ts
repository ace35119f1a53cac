import { Admin, Kafka, logLevel } from 'kafkajs';

/**
 * How far topics and consumer groups are, from the broker's own bookkeeping:
 * end offsets of topics and offsets committed by groups. Consumers commit after
 * their work is done, so a committed offset counts events handled, whichever way
 * a service handles them (one at a time or in batches).
 */
export class KafkaProgress {
  private constructor(private readonly admin: Admin) {}

  static async connect(brokers: string): Promise<KafkaProgress> {
    const admin = new Kafka({
      clientId: 'bench-pipeline-probe',
      brokers: [brokers],
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    return new KafkaProgress(admin);
  }

  /** Messages ever written to the topics (sum of the partitions' end offsets). */
  async endTotal(topics: string[]): Promise<number> {
    let total = 0;
    for (const topic of topics)
      for (const p of await this.admin.fetchTopicOffsets(topic)) total += Number(p.high);
    return total;
  }

  /** Messages still held by the topics (end − start offsets): what a new group reading from the beginning gets. */
  async heldTotal(topics: string[]): Promise<number> {
    let total = 0;
    for (const topic of topics)
      for (const p of await this.admin.fetchTopicOffsets(topic)) total += Number(p.high) - Number(p.low);
    return total;
  }

  /** Offsets the group committed on the topics (a partition without a commit counts as its start offset). */
  async committedTotal(groupId: string, topics: string[]): Promise<number> {
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    let total = 0;
    for (const { topic, partitions } of committed) {
      const starts = await this.admin.fetchTopicOffsets(topic);
      for (const p of partitions) {
        const start = Number(starts.find((s) => s.partition === p.partition)?.low ?? 0);
        total += p.offset === '-1' ? start : Number(p.offset);
      }
    }
    return total;
  }

  async groupIsStable(groupId: string): Promise<boolean> {
    return (await this.admin.describeGroups([groupId])).groups[0]?.state === 'Stable';
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
