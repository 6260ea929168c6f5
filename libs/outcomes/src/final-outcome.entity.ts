import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { FinalOutcome } from '@countersign/contracts';

/** A row of `<service schema>.final_outcomes`: one per decision, whoever decided it. */
@Entity({ name: 'final_outcomes' })
export class FinalOutcomeEntity {
  @PrimaryColumn({ name: 'decision_id', type: 'text' })
  decisionId!: string;

  @Column({ type: 'text' })
  workflow!: string;

  @Column({ type: 'text' })
  outcome!: FinalOutcome;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
