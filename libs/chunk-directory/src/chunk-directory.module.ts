import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { ChunkDirectoryController } from './chunk-directory.controller';
import { ChunkDirectoryMetrics } from './chunk-directory.metrics';
import { ChunkDirectoryService } from './chunk-directory.service';
import { ChunkRowEntity } from './chunk-row.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ChunkRowEntity]), WorkersModule, ArtifactsModule],
  controllers: [ChunkDirectoryController],
  providers: [ChunkDirectoryService, ChunkDirectoryMetrics],
  exports: [ChunkDirectoryService],
})
export class ChunkDirectoryModule {}
