import { EntityManager } from 'typeorm';
import { WriteTransaction } from '../../persistence/src';
import { KeyMappingEntity } from './key-mapping.entity';

/**
 * The statements on key_mappings. KeyMappingsService keeps the rules (bind once, move only
 * by compare-and-set); these run inside the caller's transaction or committed-read snapshot.
 */
export function findKeyMapping(
  manager: EntityManager,
  key: string,
): Promise<KeyMappingEntity | null> {
  return manager.findOneBy(KeyMappingEntity, { key });
}

export async function insertKeyMapping(
  tx: WriteTransaction,
  mapping: KeyMappingEntity,
): Promise<void> {
  await tx.manager.insert(KeyMappingEntity, mapping);
}

/** Where the mapping's replica lives and how long it may be cached; the binding stays. */
export async function updateKeyMappingLocation(
  tx: WriteTransaction,
  key: string,
  location: Pick<KeyMappingEntity, 'replicaUuid' | 'daemonAddress' | 'ttlMs' | 'updatedAt'>,
): Promise<void> {
  await tx.manager.update(KeyMappingEntity, { key }, location);
}

/** Writes back a mapping read in this transaction (a swap changed its binding). */
export async function saveKeyMapping(
  tx: WriteTransaction,
  mapping: KeyMappingEntity,
): Promise<void> {
  await tx.manager.save(KeyMappingEntity, mapping);
}

/** Returns false when no mapping had that key. */
export async function deleteKeyMapping(tx: WriteTransaction, key: string): Promise<boolean> {
  const result = await tx.manager.delete(KeyMappingEntity, { key });
  return (result.affected ?? 0) > 0;
}
