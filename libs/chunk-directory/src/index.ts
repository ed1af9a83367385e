export { ChunkDirectoryModule } from './chunk-directory.module';
export { ChunkDirectoryService } from './chunk-directory.service';
export { ChunkDirectoryCleanup } from './chunk-directory-cleanup.service';
