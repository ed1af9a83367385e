export * from './coverage';
export * from './merkle';
export * from './registration.entity';
export * from './registration-commit.service';
export * from './registration-leases';
export * from './registrations.metrics';
export * from './registrations.module';
export * from './registrations.service';
