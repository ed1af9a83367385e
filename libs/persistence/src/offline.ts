/**
 * The second public entry of this lib, for tools that work on the database file while the
 * server is not in the process: backup, restore, file inspection. It loads neither Nest nor
 * TypeORM, so `tensorcast global backup` starts in a fraction of a second.
 */
export * from './backup';
export * from './sqlite-file';
