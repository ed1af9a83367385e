export * from './artifact.entity';
export * from './artifact-store';
export * from './artifacts.module';
export * from './key-mapping.entity';
export * from './multihash';
export * from './replica.entity';
export * from './replica-store';
export * from './tensor-index.entity';
