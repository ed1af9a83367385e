import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { AdminService } from './admin.service';
import { RuntimeInfo } from './runtime-info';

@Module({
  controllers: [AdminController],
  providers: [AdminService, RuntimeInfo],
  exports: [RuntimeInfo],
})
export class AdminModule {}
