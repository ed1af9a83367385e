import { EntityManager } from 'typeorm';
import { RegistrationEntity } from './registration.entity';

/** A registration's row as other modules see it: they read it, never write it. */
export type RegistrationRecord = Readonly<RegistrationEntity>;

/**
 * The registrations table read straight from a database file that no server holds
 * (`tensorcast global inspect`): a running server answers from RegistrationsService, whose
 * memory holds the lease deadlines. Nothing here writes.
 */
export class StoredRegistrations {
  /** The entities these reads need registered on a DataSource opened outside Nest. */
  static readonly entities = [RegistrationEntity];

  constructor(private readonly manager: EntityManager) {}

  /** Open registrations, oldest first, of one worker and/or daemon when given. */
  open(filter: { workerId?: string; daemonId?: string }): Promise<RegistrationRecord[]> {
    const query = this.manager
      .createQueryBuilder(RegistrationEntity, 'g')
      .where('g.state = :state', { state: 'OPEN' });
    if (filter.workerId) query.andWhere('g.workerId = :workerId', { workerId: filter.workerId });
    if (filter.daemonId) query.andWhere('g.daemonId = :daemonId', { daemonId: filter.daemonId });
    return query.orderBy('g.createdAt', 'ASC').addOrderBy('g.registrationId', 'ASC').getMany();
  }
}
