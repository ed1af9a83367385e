import { ChannelOptions, ServerCredentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { GlobalStoreConfig } from '../../config/src';

/** grpc-js channel options from server.grpc; unset keys keep the library defaults. */
export function grpcChannelOptions(config: GlobalStoreConfig): ChannelOptions {
  const grpc = config.server.grpc;
  const options: ChannelOptions = {
    'grpc.max_receive_message_length': grpc.max_receive_message_size,
  };
  const set = (key: string, value: number | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('grpc.max_concurrent_streams', grpc.max_concurrent_streams);
  set('grpc.keepalive_time_ms', grpc.keepalive_time);
  set('grpc.keepalive_timeout_ms', grpc.keepalive_timeout);
  set('grpc.max_connection_idle_ms', grpc.max_connection_idle);
  set('grpc.max_connection_age_ms', grpc.max_connection_age);
  return options;
}

/**
 * Plaintext unless server.grpc.tls.enabled. With client_ca_file, clients must present a
 * certificate signed by that CA (mutual TLS); without it, any client may connect over TLS.
 */
export function grpcServerCredentials(config: GlobalStoreConfig): ServerCredentials {
  const tls = config.server.grpc.tls;
  if (!tls.enabled) return ServerCredentials.createInsecure();
  if (tls.cert_file === null || tls.key_file === null) {
    throw new Error('server.grpc.tls: cert_file and key_file are required when TLS is enabled');
  }
  const read = (key: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`server.grpc.tls.${key}: cannot read ${path}: ${(error as Error).message}`);
    }
  };
  const cert = read('cert_file', tls.cert_file);
  const key = read('key_file', tls.key_file);
  const ca = tls.client_ca_file === null ? null : read('client_ca_file', tls.client_ca_file);
  try {
    return ServerCredentials.createSsl(ca, [{ cert_chain: cert, private_key: key }], ca !== null);
  } catch (error) {
    throw new Error(`server.grpc.tls: invalid certificate or key: ${(error as Error).message}`);
  }
}
