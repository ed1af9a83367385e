import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkersModule } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import { CatalogController } from './catalog.controller';
import { CatalogMetrics } from './catalog.metrics';
import { CatalogService } from './catalog.service';
import { KeyMappingsService } from './key-mappings.service';
import { KeyMappingEntity } from './key-mapping.entity';
import { ReplicaEntity } from './replica.entity';
import { ReplicaStore } from './replica-store';
import { TensorIndexEntity } from './tensor-index.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ArtifactEntity, ReplicaEntity, TensorIndexEntity, KeyMappingEntity]),
    WorkersModule,
  ],
  controllers: [CatalogController],
  providers: [ReplicaStore, ArtifactStore, CatalogService, KeyMappingsService, CatalogMetrics],
  exports: [ReplicaStore, ArtifactStore],
})
export class ArtifactsModule {}
