import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { AssemblyService } from './assembly.service';
import { toArtifactDescriptorWire, toMemoryInfoWire } from './replica-wire';

/**
 * AssemblyViewService. "Nothing to return" is STATUS_NOT_FOUND in the message with gRPC OK,
 * as TensorCast daemons read the message status of this call; leaves, view metadata and
 * partial coverage are not served.
 */
@Controller()
export class AssemblyController {
  constructor(private readonly assembly: AssemblyService) {}

  @GrpcMethod('AssemblyViewService', 'GetArtifactInfoById')
  async getArtifactInfoById(
    request: wire.GetArtifactInfoByIdRequest__Output,
  ): Promise<wire.GetArtifactInfoByIdResponse> {
    const info = await this.assembly.getArtifactInfoById({
      artifactId: request.artifact_id,
      includeReplicas: request.include_replicas?.value,
      requestedByteSpace: request.requested_byte_space,
    });
    if (!info.found) return { status: 'STATUS_NOT_FOUND' };
    return {
      status: 'STATUS_OK',
      replicas: info.replicas.map(toMemoryInfoWire),
      descriptor: info.artifact ? toArtifactDescriptorWire(info.artifact) : null,
    };
  }
}
