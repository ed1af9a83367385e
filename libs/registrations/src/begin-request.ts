import {
  InvalidArgumentError,
  optionalString,
  quoteClientValue,
  requireNonEmpty,
} from '../../common/src';
import { PlanDetails, PlanKind } from './registration.entity';

export interface BeginInput {
  workerId: string;
  daemonId: string;
  ownerPid: number;
  deviceId: number;
  totalSize: number;
  ttlMs: number;
  tensorIndexKey?: string;
  tensorIndexData?: Buffer;
  encoding?: string;
  schemaVersion?: string;
  plan?: PlanKind;
  planDetails: PlanDetails;
  clientRequestId?: string;
}

/** The tensor index a Begin names: one already stored here, or its bytes to store. */
export type IndexSource =
  { key: string } | { data: Buffer; encoding: string; schemaVersion: string };

/** A Begin request that passed every check that needs no state. */
export type BeginRequest = Pick<
  BeginInput,
  'workerId' | 'daemonId' | 'ownerPid' | 'deviceId' | 'totalSize' | 'ttlMs' | 'planDetails'
> & { plan: PlanKind; index: IndexSource };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws InvalidArgumentError naming the first field that is wrong. */
export function parseBeginRequest(input: BeginInput): BeginRequest {
  const workerId = requireNonEmpty('worker_id', input.workerId);
  const daemonId = requireNonEmpty('daemon_id', input.daemonId);
  if (!Number.isInteger(input.ownerPid) || input.ownerPid <= 0) {
    throw new InvalidArgumentError(
      'owner_pid',
      `must be a process id > 0 (got ${quoteClientValue(input.ownerPid)})`,
    );
  }
  if (!(input.totalSize > 0)) {
    throw new InvalidArgumentError('total_size', `must be greater than 0 (got ${input.totalSize})`);
  }
  const plan = input.plan;
  if (plan === undefined) {
    throw new InvalidArgumentError('plan', 'one of coalesced, cpu or lease is required');
  }
  return {
    workerId,
    daemonId,
    ownerPid: input.ownerPid,
    deviceId: input.deviceId,
    totalSize: input.totalSize,
    ttlMs: input.ttlMs,
    plan,
    planDetails: input.planDetails,
    index: parseIndex(input),
  };
}

function parseIndex(input: BeginInput): IndexSource {
  if (input.tensorIndexKey !== undefined && input.tensorIndexData !== undefined) {
    throw new InvalidArgumentError('index', 'give tensor_index_key or tensor_index_data, not both');
  }
  if (input.tensorIndexKey !== undefined) {
    const key = input.tensorIndexKey.trim().toLowerCase();
    if (!SHA256_HEX.test(key)) {
      throw new InvalidArgumentError('tensor_index_key', 'must be the 64 hex digits of a sha256');
    }
    return { key };
  }
  if (input.tensorIndexData !== undefined) {
    if (input.tensorIndexData.length === 0)
      throw new InvalidArgumentError('tensor_index_data', 'is empty');
    return {
      data: input.tensorIndexData,
      encoding: optionalString('encoding', input.encoding).slice(0, 64),
      schemaVersion: optionalString('schema_version', input.schemaVersion).slice(0, 32),
    };
  }
  throw new InvalidArgumentError(
    'index',
    'one of tensor_index_key or tensor_index_data is required',
  );
}
