import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export type SecondAdminProposalStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

/**
 * A change that lowers oversight, waiting for (or decided by) a second admin of its workflow (the two-person rule,
 * ADR 0006). `K` names the thing changed: the proposal carries it as `K` and the value in force when it was proposed as
 * `base<K>` (approving after that changed is refused as superseded), e.g. `plan` / `basePlan`.
 */
export type SecondAdminProposal<K extends string, T> = {
  id: string;
  workflow: string;
  lowers: string[];
  proposedBy: string;
  createdAt: string;
  status: SecondAdminProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why it was rejected or superseded, or `applied`. */
  note: string | null;
} & Record<K, T> &
  Record<`base${Capitalize<K>}`, T>;

/** What a proposer files: the change, the value in force, and how the change lowers oversight. */
export type NewSecondAdminProposal<K extends string, T> = Pick<
  SecondAdminProposal<K, T>,
  'workflow' | 'lowers' | 'proposedBy' | K | `base${Capitalize<K>}`
>;

/**
 * A service's table of such proposals (created by its migration: id, workflow, `<K>` and `base_<K>` jsonb, lowers,
 * proposed_by, created_at, status, decided_by, decided_at, note). Written in the caller's transaction, beside the audit
 * record of the same step. Services never import each other, so each has its own table through this one class.
 */
export class SecondAdminProposals<K extends string, T> {
  private readonly columns: string;
  private readonly baseKey: `base${Capitalize<K>}`;

  /** `table` and `key` are identifiers from code (never from a request): they are written into the SQL. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: string,
    private readonly key: K,
  ) {
    if (!/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/.test(table) || !/^[a-z][a-z0-9_]*$/.test(key)) {
      throw new Error(`SecondAdminProposals: "${table}" / "${key}" is not a schema.table and column identifier`);
    }
    this.columns = `id, workflow, ${key}, base_${key}, lowers, proposed_by, created_at, status, decided_by, decided_at, note`;
    this.baseKey = `base${key.charAt(0).toUpperCase()}${key.slice(1)}` as `base${Capitalize<K>}`;
  }

  async propose(manager: EntityManager, proposal: NewSecondAdminProposal<K, T>): Promise<SecondAdminProposal<K, T>> {
    const [row] = (await manager.query(
      `INSERT INTO ${this.table} (id, workflow, ${this.key}, base_${this.key}, lowers, proposed_by)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6) RETURNING ${this.columns}`,
      [
        randomUUID(),
        proposal.workflow,
        JSON.stringify(proposal[this.key]),
        JSON.stringify(proposal[this.baseKey]),
        JSON.stringify(proposal.lowers),
        proposal.proposedBy,
      ],
    )) as ProposalRow[];
    return this.proposalOf(row);
  }

  /** The proposal, locked for the rest of the transaction so that two admins cannot decide it at once. */
  async lock(manager: EntityManager, workflow: string, id: string): Promise<SecondAdminProposal<K, T> | null> {
    const [row] = (await manager.query(
      `SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND workflow = $2 FOR UPDATE`,
      [id, workflow],
    )) as ProposalRow[];
    return row ? this.proposalOf(row) : null;
  }

  /**
   * The pending proposal, locked; 404 when the workflow has no such proposal, 409 when it was decided already (reason
   * `superseded` when a change or a newer proposal overtook it).
   */
  async lockPending(manager: EntityManager, workflow: string, id: string): Promise<SecondAdminProposal<K, T>> {
    const proposal = await this.lock(manager, workflow, id);
    if (!proposal) throw new NotFoundException(`no ${this.key} proposal ${id} for workflow ${workflow}`);
    if (proposal.status === 'superseded') throw supersededRefusal(`proposal ${id} was superseded: ${proposal.note}`);
    if (proposal.status !== 'pending') throw new ConflictException(`proposal ${id} is already ${proposal.status}`);
    return proposal;
  }

  async decide(
    manager: EntityManager,
    id: string,
    status: Exclude<SecondAdminProposalStatus, 'pending'>,
    actor: string,
    note: string,
  ): Promise<SecondAdminProposal<K, T>> {
    // TypeORM's Postgres driver answers an UPDATE with [rows, affected].
    const [rows] = (await manager.query(
      `UPDATE ${this.table} SET status = $2, decided_by = $3, decided_at = now(), note = $4
        WHERE id = $1 RETURNING ${this.columns}`,
      [id, status, actor, note],
    )) as [ProposalRow[], number];
    return this.proposalOf(rows[0]);
  }

  /**
   * Marks the workflow's pending proposals superseded: what they were proposed against changed, or a newer proposal
   * replaces them. So at most one proposal is pending, and none can be approved after the value it was shown moved
   * away and back again. Returns those it marked.
   */
  async supersedePending(
    manager: EntityManager,
    workflow: string,
    actor: string,
    note: string,
  ): Promise<Array<SecondAdminProposal<K, T>>> {
    const [rows] = (await manager.query(
      `UPDATE ${this.table} SET status = 'superseded', decided_by = $2, decided_at = now(), note = $3
        WHERE workflow = $1 AND status = 'pending' RETURNING ${this.columns}`,
      [workflow, actor, note],
    )) as [ProposalRow[], number];
    return rows.map((row) => this.proposalOf(row));
  }

  /** Pending first, then newest first. */
  async list(workflow: string): Promise<Array<SecondAdminProposal<K, T>>> {
    const rows = (await this.dataSource.query(
      `SELECT ${this.columns} FROM ${this.table} WHERE workflow = $1
        ORDER BY status = 'pending' DESC, created_at DESC LIMIT 200`,
      [workflow],
    )) as ProposalRow[];
    return rows.map((row) => this.proposalOf(row));
  }

  private proposalOf(row: ProposalRow): SecondAdminProposal<K, T> {
    return {
      id: row.id,
      workflow: row.workflow,
      [this.key]: row[this.key],
      [this.baseKey]: row[`base_${this.key}`],
      lowers: row.lowers as string[],
      proposedBy: row.proposed_by,
      createdAt: new Date(row.created_at).toISOString(),
      status: row.status,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
      note: row.note,
    } as SecondAdminProposal<K, T>;
  }
}

/** The proposer approving their own change: refused, as by the router (403, reason own_proposal). */
export function ownProposalRefusal(actor: string, workflow: string): ForbiddenException {
  return new ForbiddenException({
    statusCode: 403,
    error: 'Forbidden',
    message: `${actor} proposed this change; a second admin of ${workflow} must approve it`,
    reason: 'own_proposal',
  });
}

/** Approving a proposal after what it changes changed meanwhile: refused (409, reason superseded). */
export function supersededRefusal(message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error: 'Conflict', message, reason: 'superseded' });
}

interface ProposalRow {
  id: string;
  workflow: string;
  lowers: unknown;
  proposed_by: string;
  created_at: Date;
  status: SecondAdminProposalStatus;
  decided_by: string | null;
  decided_at: Date | null;
  note: string | null;
  [column: string]: unknown;
}
