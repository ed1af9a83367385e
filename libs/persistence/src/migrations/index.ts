import { InitialSchema1732400000000 } from './1732400000000-initial-schema';
import { RegistrationFrames1732500000000 } from './1732500000000-registration-frames';
import { ReplicaMemoryExtra1764000000000 } from './1764000000000-replica-memory-extra';

/** Every migration this build knows, oldest first. A database with others is newer. */
export const MIGRATIONS = [
  InitialSchema1732400000000,
  RegistrationFrames1732500000000,
  ReplicaMemoryExtra1764000000000,
];
