import { RoutingPolicyDocument } from '@countersign/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One version of a workflow's policy. Rows are only ever inserted: the history is the record of who changed what. */
@Entity({ schema: 'router', name: 'policy_versions' })
export class PolicyVersionEntity {
  @PrimaryColumn('text')
  workflow!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('jsonb')
  policy!: RoutingPolicyDocument;

  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  @Column('text')
  reason!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  /** The stop switch: while true every decision of the workflow goes to review, whatever the policy says. */
  @Column('boolean', { name: 'autonomy_stopped', default: false })
  autonomyStopped!: boolean;
}
