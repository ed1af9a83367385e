import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseUint64 } from '../../common/src';
import type { wire } from '../../grpc/src';
import { ARTIFACT_ID_KIND, ArtifactIndexLookup, CatalogService } from './catalog.service';
import { KeyMappingsService, SwapOutcome } from './key-mappings.service';

const SERVICE = 'ArtifactCatalogService';

const ID_KIND_NUMBER: Record<string, number> = {
  ARTIFACT_ID_KIND_UNSPECIFIED: ARTIFACT_ID_KIND.UNSPECIFIED,
  ARTIFACT_ID_KIND_MI2: ARTIFACT_ID_KIND.MI2,
  ARTIFACT_ID_KIND_CGID: ARTIFACT_ID_KIND.CGID,
};

/** compat: TensorCast daemons read the message status; a failed CAS is not a gRPC error. */
const SWAP_STATUS: Record<SwapOutcome, 'STATUS_OK' | 'STATUS_ERROR'> = {
  SWAPPED: 'STATUS_OK',
  UNCHANGED: 'STATUS_OK',
  RETRIED: 'STATUS_OK',
  CAS_FAILED: 'STATUS_ERROR',
};

@Controller()
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly keyMappings: KeyMappingsService,
  ) {}

  @GrpcMethod(SERVICE, 'UpsertArtifactMetadata')
  async upsertArtifactMetadata(
    request: wire.UpsertArtifactMetadataRequest__Output,
  ): Promise<wire.UpsertArtifactMetadataResponse> {
    const descriptor = request.descriptor;
    await this.catalog.upsertArtifactMetadata({
      descriptor: descriptor && {
        artifactId: descriptor.artifact_id,
        indexMultihash: descriptor.index_multihash,
        dataMultihash: descriptor.data_multihash,
        schemaVersion: descriptor.schema_version,
        encoding: descriptor.encoding,
        totalSize: parseUint64('descriptor.total_size', descriptor.total_size),
        // An enum number this build does not know arrives as a number.
        idKind:
          typeof descriptor.id_kind === 'number'
            ? descriptor.id_kind
            : (ID_KIND_NUMBER[descriptor.id_kind] ?? -1),
      },
      canonicalIndexData: request.canonical_index_data,
    });
    return { status: 'STATUS_OK' };
  }

  @GrpcMethod(SERVICE, 'GetArtifactIndex')
  async getArtifactIndex(
    request: wire.GetArtifactIndexRequest__Output,
  ): Promise<wire.GetArtifactIndexResponse> {
    return indexResponse(await this.catalog.getArtifactIndex(request.tensor_index_key));
  }

  @GrpcMethod(SERVICE, 'GetArtifactIndexById')
  async getArtifactIndexById(
    request: wire.GetArtifactIndexByIdRequest__Output,
  ): Promise<wire.GetArtifactIndexByIdResponse> {
    return indexResponse(await this.catalog.getArtifactIndexById(request.artifact_id));
  }

  @GrpcMethod(SERVICE, 'UpsertKeyMapping')
  async upsertKeyMapping(
    request: wire.UpsertKeyMappingRequest__Output,
  ): Promise<wire.UpsertKeyMappingResponse> {
    const result = await this.keyMappings.upsertKeyMapping({
      key: request.key,
      artifactId: request.artifact_id,
      replicaUuid: request.replica_uuid,
      daemonAddress: request.daemon_address,
      ttl: request.ttl,
    });
    if (result.outcome === 'CONFLICT') {
      return { status: 'STATUS_ERROR', conflict_reason: result.conflictReason };
    }
    return { status: 'STATUS_OK' };
  }

  @GrpcMethod(SERVICE, 'SwapKeyMapping')
  async swapKeyMapping(
    request: wire.SwapKeyMappingRequest__Output,
  ): Promise<wire.SwapKeyMappingResponse> {
    const result = await this.keyMappings.swapKeyMapping({
      key: request.key,
      newArtifactId: request.new_artifact_id,
      expectedArtifactId: request.expected_artifact_id,
      expectedGeneration:
        request.expected_generation === undefined
          ? undefined
          : parseUint64('expected_generation', request.expected_generation),
      operationId: request.operation_id,
    });
    if (result.outcome === 'NOT_FOUND') return { status: 'STATUS_NOT_FOUND' };
    return {
      status: SWAP_STATUS[result.outcome],
      artifact_id: result.artifactId,
      generation: String(result.generation),
    };
  }

  @GrpcMethod(SERVICE, 'ResolveKeyMapping')
  async resolveKeyMapping(
    request: wire.ResolveKeyMappingRequest__Output,
  ): Promise<wire.ResolveKeyMappingResponse> {
    const result = await this.keyMappings.resolveKeyMapping(request.key);
    if (!result.found) return { status: 'STATUS_NOT_FOUND' };
    return {
      status: 'STATUS_OK',
      artifact_id: result.artifactId,
      replica_uuid: result.replicaUuid,
      daemon_address: result.daemonAddress,
      generation: String(result.generation),
      cache_ttl_seconds: result.cacheTtlSeconds,
    };
  }

  @GrpcMethod(SERVICE, 'RevokeKeyMapping')
  async revokeKeyMapping(
    request: wire.RevokeKeyMappingRequest__Output,
  ): Promise<wire.RevokeKeyMappingResponse> {
    const revoked = await this.keyMappings.revokeKeyMapping(request.key);
    return { status: revoked ? 'STATUS_OK' : 'STATUS_NOT_FOUND' };
  }
}

function indexResponse(lookup: ArtifactIndexLookup): wire.GetArtifactIndexResponse {
  if (!lookup.found) return { status: 'STATUS_NOT_FOUND' };
  return {
    status: 'STATUS_OK',
    tensor_index_data: lookup.data,
    encoding: lookup.encoding,
    schema_version: lookup.schemaVersion,
  };
}
