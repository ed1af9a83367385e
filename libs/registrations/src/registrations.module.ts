import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { RegistrationEntity, RegistrationFrameEntity } from './registration.entity';
import { RegistrationCommitService } from './registration-commit.service';
import { RegistrationLeases } from './registration-leases';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsMetrics } from './registrations.metrics';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RegistrationEntity, RegistrationFrameEntity]),
    WorkersModule,
    ArtifactsModule,
  ],
  controllers: [RegistrationsController],
  providers: [
    RegistrationsMetrics,
    RegistrationLeases,
    RegistrationsService,
    RegistrationCommitService,
  ],
  exports: [RegistrationsService, RegistrationCommitService],
})
export class RegistrationsModule {}
