import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkersModule } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import { ArtifactsMetrics } from './artifacts.metrics';
import { AssemblyController } from './assembly.controller';
import { AssemblyService } from './assembly.service';
import { CatalogController } from './catalog.controller';
import { CatalogMetrics } from './catalog.metrics';
import { CatalogService } from './catalog.service';
import { KeyMappingsService } from './key-mappings.service';
import { KeyMappingEntity } from './key-mapping.entity';
import { RecoveredReplicaSettlement } from './recovered-replica-settlement';
import { ReplicaEntity } from './replica.entity';
import { ReplicaStore } from './replica-store';
import { ReplicaListingService } from './replica-listing.service';
import { ReplicaRegistrationService } from './replica-registration.service';
import { ReplicasController } from './replicas.controller';
import { ReplicasService } from './replicas.service';
import { TensorIndexEntity } from './tensor-index.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ArtifactEntity, ReplicaEntity, TensorIndexEntity, KeyMappingEntity]),
    WorkersModule,
  ],
  controllers: [CatalogController, ReplicasController, AssemblyController],
  providers: [
    ReplicaStore,
    RecoveredReplicaSettlement,
    ArtifactStore,
    CatalogService,
    KeyMappingsService,
    CatalogMetrics,
    ReplicaRegistrationService,
    ReplicasService,
    ReplicaListingService,
    AssemblyService,
    ArtifactsMetrics,
  ],
  exports: [ReplicaStore, RecoveredReplicaSettlement, ArtifactStore],
})
export class ArtifactsModule {}
