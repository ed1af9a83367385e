import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ArtifactsModule } from '../../artifacts/src';
import { WorkersModule } from '../../workers/src';
import { RegistrationEntity, RegistrationFrameEntity } from './registration.entity';
import { RegistrationAdmission } from './registration-admission';
import { RegistrationBeginService } from './registration-begin.service';
import { RegistrationCommitService } from './registration-commit.service';
import { RegistrationCompletion } from './registration-completion';
import { RegistrationExpiryService } from './registration-expiry.service';
import { RegistrationFeedService } from './registration-feed.service';
import { RegistrationGate } from './registration-gate';
import { RegistrationLeases } from './registration-leases';
import { RegistrationOpener } from './registration-opener';
import { RegistrationRecoveryService } from './registration-recovery.service';
import { KeepaliveStreams } from './keepalive-streams';
import { RegistrationKeepaliveController } from './registration-keepalive.controller';
import { RegistrationsController } from './registrations.controller';
import { RegistrationsMetrics } from './registrations.metrics';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RegistrationEntity, RegistrationFrameEntity]),
    WorkersModule,
    ArtifactsModule,
  ],
  controllers: [RegistrationsController, RegistrationKeepaliveController],
  providers: [
    RegistrationsMetrics,
    RegistrationLeases,
    RegistrationExpiryService,
    RegistrationGate,
    RegistrationAdmission,
    RegistrationOpener,
    RegistrationBeginService,
    RegistrationFeedService,
    RegistrationsService,
    RegistrationCompletion,
    RegistrationCommitService,
    RegistrationRecoveryService,
    KeepaliveStreams,
  ],
  exports: [
    RegistrationsService,
    RegistrationBeginService,
    RegistrationCommitService,
    RegistrationExpiryService,
    RegistrationRecoveryService,
  ],
})
export class RegistrationsModule {}
