import { InitialSchema1732400000000 } from './1732400000000-initial-schema';

/** Every migration this build knows, oldest first. A database with others is newer. */
export const MIGRATIONS = [InitialSchema1732400000000];
