import { EntityManager } from 'typeorm';
import { WorkerEntity, WorkerRecord } from './worker.entity';

/**
 * The workers table read straight from a database file that no server holds
 * (`tensorcast global inspect`): a running server answers from WorkersService's memory,
 * where liveness lives. Nothing here writes.
 */
export class StoredWorkers {
  /** The entities these reads need registered on a DataSource opened outside Nest. */
  static readonly entities = [WorkerEntity];

  constructor(private readonly manager: EntityManager) {}

  all(): Promise<WorkerRecord[]> {
    return this.manager.find(WorkerEntity, { order: { workerId: 'ASC' } });
  }
}
