import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { defaultConfig } from './config.effective';
import { ConfigModule, GLOBAL_STORE_CONFIG } from './config.module';
import type { GlobalStoreConfig } from './config.types';

@Injectable()
class HeartbeatPolicy {
  constructor(@Inject(GLOBAL_STORE_CONFIG) readonly config: GlobalStoreConfig) {}
}

/** A feature module that does not import ConfigModule: the token must come from the global one. */
@Module({ providers: [HeartbeatPolicy] })
class FeatureModule {}

describe('ConfigModule', () => {
  it('provides the loaded config globally under GLOBAL_STORE_CONFIG', async () => {
    const config = defaultConfig();
    @Module({
      imports: [ConfigModule.forRoot({ config, warnings: [], source: '/x.yaml' }), FeatureModule],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    try {
      assert.equal(app.get(GLOBAL_STORE_CONFIG), config);
      assert.equal(app.get(HeartbeatPolicy).config, config);
    } finally {
      await app.close();
    }
  });
});
