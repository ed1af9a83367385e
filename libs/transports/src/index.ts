export * from './replica-drain.service';
export * from './transport.entity';
export * from './transport-rules';
export * from './transports.metrics';
export * from './transports.module';
export * from './transports.service';
