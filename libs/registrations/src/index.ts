export { merkleRoot } from './merkle';
export { RegistrationEntity } from './registration.entity';
export { RegistrationExpiryService } from './registration-expiry.service';
export { RegistrationRecoveryService } from './registration-recovery.service';
export { RegistrationsModule } from './registrations.module';
export { RegistrationsService } from './registrations.service';
export { StoredRegistrations } from './stored-registrations';
export type { RegistrationRecord } from './stored-registrations';
