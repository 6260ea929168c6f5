import {
  DynamicModule,
  Global,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KafkaConnection } from '../kafka-connection';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** Runs the outbox relay for the service's lifetime; stops it (after its current batch) on shutdown. */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(kafka: KafkaConnection, @InjectDataSource() dataSource: DataSource, outbox: Outbox) {
    this.relay = new OutboxRelay(kafka.kafka, dataSource, outbox);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

@Global()
@Module({})
export class OutboxModule {
  static forRoot(schema: string): DynamicModule {
    return {
      module: OutboxModule,
      providers: [{ provide: Outbox, useValue: new Outbox(schema) }, OutboxRelayRunner],
      exports: [Outbox, OutboxRelayRunner],
    };
  }
}
