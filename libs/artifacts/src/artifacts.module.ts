import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkersModule } from '../../workers/src';
import { ArtifactEntity } from './artifact.entity';
import { ArtifactStore } from './artifact-store';
import { KeyMappingEntity } from './key-mapping.entity';
import { ReplicaEntity } from './replica.entity';
import { ReplicaStore } from './replica-store';
import { TensorIndexEntity } from './tensor-index.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([ArtifactEntity, ReplicaEntity, TensorIndexEntity, KeyMappingEntity]),
    WorkersModule,
  ],
  providers: [ReplicaStore, ArtifactStore],
  exports: [ReplicaStore, ArtifactStore],
})
export class ArtifactsModule {}
