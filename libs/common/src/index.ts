export { CLOCK, ManualClock, systemClock } from './clock';
export type { Clock } from './clock';
export { ClockModule } from './clock.module';
export { DeadlineHeap } from './deadline-heap';
export { DomainError, ERROR_STATUS, InvalidArgumentError } from './domain-error';
export type { DomainErrorCode, GrpcStatusName } from './domain-error';
export {
  isLocalOnlyAddress,
  optionalString,
  parseUint64,
  requireNonEmpty,
  requirePort,
  requirePositive,
} from './validation';
export { quoteClientValue } from './client-value';
