import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { ChunkDirectoryController } from './chunk-directory.controller';
import { ChunkDirectoryMetrics } from './chunk-directory.metrics';
import { ChunkDirectoryCleanup } from './chunk-directory-cleanup.service';
import { ChunkDirectoryService } from './chunk-directory.service';
import { ChunkRows } from './chunk-rows';
import { ChunkRowEntity } from './chunk-row.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ChunkRowEntity]), WorkersModule, ArtifactsModule],
  controllers: [ChunkDirectoryController],
  providers: [ChunkDirectoryService, ChunkDirectoryCleanup, ChunkRows, ChunkDirectoryMetrics],
  exports: [ChunkDirectoryService, ChunkDirectoryCleanup],
})
export class ChunkDirectoryModule {}
