import { InitialSchema1732400000000 } from './1732400000000-initial-schema';
import { RegistrationFrames1732500000000 } from './1732500000000-registration-frames';
import { ReplicaMemoryExtra1764000000000 } from './1764000000000-replica-memory-extra';
import { ChunkRowsAndTransports1764100000000 } from './1764100000000-chunk-rows-and-transports';
import { MemoryTier1764200000000 } from './1764200000000-memory-tier';
import { HaLease1765200000000 } from './1765200000000-ha-lease';
import { ReplicaImageTrigger1767200000000 } from './1767200000000-replica-image-trigger';

/** Every migration this build knows, oldest first. A database with others is newer. */
export const MIGRATIONS = [
  InitialSchema1732400000000,
  RegistrationFrames1732500000000,
  ReplicaMemoryExtra1764000000000,
  ChunkRowsAndTransports1764100000000,
  MemoryTier1764200000000,
  HaLease1765200000000,
  ReplicaImageTrigger1767200000000,
];
