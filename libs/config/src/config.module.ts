import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { LoadedConfig } from './config.types';

/** Injection token for the effective GlobalStoreConfig. */
export const GLOBAL_STORE_CONFIG = Symbol('GLOBAL_STORE_CONFIG');

/**
 * Global so every feature module can inject GLOBAL_STORE_CONFIG without importing this one.
 * The file is loaded (and rejected) by the bootstrap before Nest starts; the module only
 * hands out the result.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(loaded: LoadedConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: GLOBAL_STORE_CONFIG, useValue: loaded.config }],
      exports: [GLOBAL_STORE_CONFIG],
    };
  }
}
