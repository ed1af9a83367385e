import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { wire } from '../../grpc/src';
import { ChunkDirectoryService } from './chunk-directory.service';
import { chunkStateName } from './chunk-states';

const SERVICE = 'ClusterRuntimeService';

/** ClusterRuntimeService's chunk directory methods. */
@Controller()
export class ChunkDirectoryController {
  constructor(private readonly directory: ChunkDirectoryService) {}

  @GrpcMethod(SERVICE, 'BatchUpdateChunkStates')
  async batchUpdateChunkStates(
    request: wire.BatchUpdateChunkStatesRequest__Output,
  ): Promise<wire.BatchUpdateChunkStatesResponse> {
    const result = await this.directory.batchUpdate({
      workerId: request.worker_id,
      nodeId: request.node_id,
      updates: (request.updates ?? []).map((update) => ({
        artifactId: update.artifact_id,
        chunkIdx: update.chunk_idx,
        state: update.state,
        deviceUuid: update.device_uuid,
        replica: update.replica,
      })),
    });
    if (!result.found) return { status: 'STATUS_NOT_FOUND', updates_applied: 0 };
    return { status: 'STATUS_OK', updates_applied: result.applied };
  }

  @GrpcMethod(SERVICE, 'QueryChunkLocations')
  async queryChunkLocations(
    request: wire.QueryChunkLocationsRequest__Output,
  ): Promise<wire.QueryChunkLocationsResponse> {
    const locations = await this.directory.queryLocations(
      request.artifact_id,
      request.chunk_indices ?? [],
    );
    return {
      status: 'STATUS_OK',
      locations: locations.map((location) => ({
        chunk_idx: location.chunkIdx,
        node_id: location.nodeId,
        node_address: location.nodeAddress,
        p2p_port: location.p2pPort,
        state: chunkStateName(location.state),
        node_load_ratio: location.nodeLoadRatio,
        device_uuid: location.deviceUuid,
        replica: location.replica,
      })),
    };
  }
}
