import { WorkerEntity } from './worker.entity';

/** A column of a worker row other than its key, by entity property. */
export type WorkerColumn = Exclude<keyof WorkerEntity, 'workerId'>;

interface StagedWorker {
  /** The row as the group leaves it; null when the group deletes it. */
  readonly row: WorkerEntity | null;
  /** The columns the group changed on a committed row; undefined: the whole row. */
  readonly columns: ReadonlySet<WorkerColumn> | undefined;
}

/** What a commit group writes to the workers table: see WorkerChanges.rowWrites. */
export interface WorkerRowWrites {
  deletes: string[];
  /** Rows written whole; those already stored get only `columns` rewritten. */
  upserts: { columns: readonly WorkerColumn[]; rows: WorkerEntity[] }[];
}

export const WORKER_COLUMNS: readonly WorkerColumn[] = [
  'daemonId',
  'nodeId',
  'nodeAddress',
  'grpcPort',
  'p2pPort',
  'memPoolTotalSize',
  'memPoolAvailableSize',
  'acceptingNewRequests',
  'capabilityFlags',
  'inactive',
  'registeredAt',
  'lastHeartbeatAt',
  'stateVersion',
  'stateChecksum',
  'reconcileGeneration',
  'reconcileRequestSeq',
];

/**
 * The worker rows one commit group changes (registrations, deactivations, reconcile cursors,
 * removals), staged in memory: every write of the group reads the rows through it, so it
 * sees what the group's earlier writes staged, while the committed rows (WorkersService's
 * memory) stay as they are until COMMIT. Staged rows are never changed in place: each change
 * stages a new copy, so undoing a write restores the entry it replaced.
 */
export class WorkerChanges {
  private readonly staged = new Map<string, StagedWorker>();
  /** Daemons this group registered a worker for: daemon_id → worker_id. */
  private readonly daemons = new Map<string, string>();
  /**
   * Stored rows this group gave another daemon (takeovers), with when: daemon_id is unique,
   * so these are written first, one at a time in this order, as the writes made them.
   */
  private readonly daemonMoves = new Map<string, number>();
  private moves = 0;

  constructor(private readonly committed: ReadonlyMap<string, WorkerEntity>) {}

  /** The row as this group sees it (do not change it: stage a change instead). */
  get(workerId: string): Readonly<WorkerEntity> | undefined {
    const staged = this.staged.get(workerId);
    if (staged) return staged.row ?? undefined;
    return this.committed.get(workerId);
  }

  /** Whether this group changed the row (its committed copy is then not what the group sees). */
  isStaged(workerId: string): boolean {
    return this.staged.has(workerId);
  }

  /** The rows this group staged (deleted ones left out). */
  *stagedRows(): IterableIterator<Readonly<WorkerEntity>> {
    for (const { row } of this.staged.values()) if (row) yield row;
  }

  /** The worker this group registered for the daemon, if it did. */
  registeredFor(daemonId: string): string | undefined {
    return this.daemons.get(daemonId);
  }

  /** Stages a new row (or a whole new version of one); answers the undo. */
  insert(row: WorkerEntity, daemonId: string): () => void {
    const undoRow = this.put(row.workerId, { row, columns: undefined });
    const before = this.daemons.get(daemonId);
    this.daemons.set(daemonId, row.workerId);
    return () => {
      if (before === undefined) this.daemons.delete(daemonId);
      else this.daemons.set(daemonId, before);
      undoRow();
    };
  }

  /**
   * Stages new values for some columns of a row the group sees; answers the undo, or
   * undefined when there is no such row (nothing staged).
   */
  update(
    workerId: string,
    patch: Partial<Omit<WorkerEntity, 'workerId'>>,
  ): (() => void) | undefined {
    const before = this.staged.get(workerId);
    const base = before ? before.row : this.committed.get(workerId);
    if (!base) return undefined;
    const row = Object.assign(new WorkerEntity(), base, patch);
    let columns: Set<WorkerColumn> | undefined;
    if (before === undefined || before.columns !== undefined) {
      columns = new Set(before?.columns);
      for (const column of Object.keys(patch) as WorkerColumn[]) columns.add(column);
    }
    const undoRow = this.put(workerId, { row, columns });
    if (row.daemonId === base.daemonId) return undoRow;
    const movedBefore = this.daemonMoves.get(workerId);
    this.daemonMoves.set(workerId, ++this.moves);
    return () => {
      this.daemonMoves.delete(workerId);
      if (movedBefore !== undefined) this.daemonMoves.set(workerId, movedBefore);
      undoRow();
    };
  }

  /** Stages the deletion of a row; answers the undo. */
  delete(workerId: string): () => void {
    return this.put(workerId, { row: null, columns: undefined });
  }

  /**
   * The statements' input: deleted rows that are stored, then the staged rows grouped by the
   * columns they change, so each group is one multi-row upsert (a stored row gets only those
   * columns rewritten, a new one is inserted whole). daemon_id is unique, so the rows whose
   * daemon changed (takeovers, rare) come first, one each in the order the group changed
   * them: after them every row holds the daemon it ends with, and the rest cannot collide.
   */
  rowWrites(): WorkerRowWrites {
    const deletes: string[] = [];
    const moved: { columns: readonly WorkerColumn[]; rows: WorkerEntity[] }[] = [];
    const upserts = new Map<string, { columns: readonly WorkerColumn[]; rows: WorkerEntity[] }>();
    const changedColumns = (workerId: string, columns: ReadonlySet<WorkerColumn> | undefined) =>
      !this.committed.has(workerId) || columns === undefined
        ? WORKER_COLUMNS
        : WORKER_COLUMNS.filter((c) => columns.has(c));
    const byWhen = [...this.daemonMoves].sort(([, a], [, b]) => a - b);
    for (const [workerId] of byWhen) {
      const { row, columns } = this.staged.get(workerId) ?? { row: null, columns: undefined };
      if (row && this.committed.has(workerId)) {
        moved.push({ columns: changedColumns(workerId, columns), rows: [row] });
      }
    }
    for (const [workerId, { row, columns }] of this.staged) {
      if (row === null) {
        if (this.committed.has(workerId)) deletes.push(workerId);
        continue;
      }
      if (this.daemonMoves.has(workerId) && this.committed.has(workerId)) continue;
      const changed = changedColumns(workerId, columns);
      const key = changed.join(',');
      const group = upserts.get(key);
      if (group) group.rows.push(row);
      else upserts.set(key, { columns: changed, rows: [row] });
    }
    return { deletes, upserts: [...moved, ...upserts.values()] };
  }

  /**
   * After COMMIT: the committed rows become what the group staged. A stored row is changed in
   * place, column by column, so what was not staged (heartbeat fields moved meanwhile) stays;
   * a new row joins as the staged object.
   */
  publishTo(committed: Map<string, WorkerEntity>): void {
    for (const [workerId, { row, columns }] of this.staged) {
      const current = committed.get(workerId);
      if (row === null) committed.delete(workerId);
      else if (!current) committed.set(workerId, row);
      else if (columns === undefined) Object.assign(current, row);
      else for (const column of columns) copyColumn(current, row, column);
    }
  }

  private put(workerId: string, next: StagedWorker): () => void {
    const before = this.staged.get(workerId);
    this.staged.set(workerId, next);
    return () => {
      if (before === undefined) this.staged.delete(workerId);
      else this.staged.set(workerId, before);
    };
  }
}

function copyColumn<K extends WorkerColumn>(to: WorkerEntity, from: WorkerEntity, column: K): void {
  to[column] = from[column];
}
