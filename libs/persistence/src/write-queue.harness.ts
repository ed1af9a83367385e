import type { WriteQueue, WriteTransaction } from './write-queue';

/** A write group held open by holdWriteGroupOpen: release() lets it go on to its COMMIT. */
export interface HeldWriteGroup<T> {
  release: () => void;
  /** The write's own promise (settles after the group's COMMIT or rollback). */
  write: Promise<T>;
}

/**
 * Test support: runs a write that does `stage` and then holds its commit group open (the
 * transaction begun, the rows written, no COMMIT) until release(); resolves once `stage` has
 * run, so a test can read "during" the open group. `afterRelease` runs inside the write after
 * release, e.g. to throw and make the group roll back.
 */
export async function holdWriteGroupOpen<T = void>(
  writes: WriteQueue,
  stage: (tx: WriteTransaction) => Promise<unknown>,
  afterRelease?: () => T,
): Promise<HeldWriteGroup<T>> {
  let staged!: () => void;
  const wasStaged = new Promise<void>((resolve) => (staged = resolve));
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const write = writes.run(async (tx) => {
    await stage(tx);
    staged();
    await held;
    return afterRelease?.() as T;
  });
  // A write that fails before it staged anything must not leave the caller waiting.
  await Promise.race([wasStaged, write]);
  return { release, write };
}
