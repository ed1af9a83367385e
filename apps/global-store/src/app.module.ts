import { DynamicModule, Module } from '@nestjs/common';
import { ArtifactsModule } from '../../../libs/artifacts/src';
import { ChunkDirectoryModule } from '../../../libs/chunk-directory/src';
import { Clock, ClockModule, systemClock } from '../../../libs/common/src';
import { ConfigModule, LoadedConfig } from '../../../libs/config/src';
import { HaModule } from '../../../libs/ha/src';
import { MemoryTierModule } from '../../../libs/memory-tier/src';
import { ObservabilityModule } from '../../../libs/observability/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { ReconcileModule } from '../../../libs/reconcile/src';
import { RegistrationsModule } from '../../../libs/registrations/src';
import { TransportsModule } from '../../../libs/transports/src';
import { WorkersModule } from '../../../libs/workers/src';
import { GlobalStoreAdminModule } from '../../../libs/admin/src';
import { DashboardModule } from '../../../libs/dashboard/src';
import { AdminModule } from './admin/admin.module';

@Module({})
export class AppModule {
  static forRoot(loaded: LoadedConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(loaded),
        ClockModule.forRoot(clock),
        ObservabilityModule,
        PersistenceModule.forRoot(),
        HaModule,
        WorkersModule,
        ArtifactsModule,
        ReconcileModule,
        RegistrationsModule,
        MemoryTierModule,
        ChunkDirectoryModule,
        TransportsModule,
        AdminModule,
        GlobalStoreAdminModule,
        // Off means no /ui routes at all: the path answers 404 like any unknown one.
        ...(loaded.config.observability.dashboard.enabled ? [DashboardModule] : []),
      ],
    };
  }
}
