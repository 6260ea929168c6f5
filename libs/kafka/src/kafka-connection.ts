import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { createKafka } from './kafka-factory';
import { KafkaSettings } from './kafka-settings';
import { ensureTopics } from './topic-setup';

/** The service's Kafka client and admin connection; creates the catalogue's topics before anything consumes. */
@Injectable()
export class KafkaConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(KafkaConnection.name);
  readonly kafka: Kafka;
  readonly admin: Admin;

  constructor(readonly settings: KafkaSettings) {
    this.kafka = createKafka(settings);
    this.admin = this.kafka.admin();
  }

  async onModuleInit(): Promise<void> {
    await this.admin.connect();
    const created = await ensureTopics(this.admin, this.settings.topicPartitions, this.settings.auditRetentionMs);
    if (created.length > 0)
      this.log.log({ msg: 'created topics', topics: created, partitions: this.settings.topicPartitions });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect();
  }
}
