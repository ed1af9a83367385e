import { ChannelOptions, ServerCredentials } from '@grpc/grpc-js';
import { KeyObject, X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GlobalStoreConfig } from '../../config/src';

/** grpc-js channel options from server.grpc; unset keys keep the library defaults. */
export function grpcChannelOptions(config: GlobalStoreConfig): ChannelOptions {
  const grpc = config.server.grpc;
  const options: ChannelOptions = {
    'grpc.max_receive_message_length': grpc.max_receive_message_size,
    // Channelz bookkeeping (call counters, timestamps per message) runs on every call, but
    // nothing can read it: the server registers no channelz service.
    'grpc.enable_channelz': 0,
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
 * Throws, naming the config key, if a file is unreadable, is not PEM, or the key does not
 * belong to the certificate: grpc-js would accept such files here and fail only at bind time
 * with a bare OpenSSL code, or (for a garbage CA bundle) not at all, refusing every client.
 */
export function grpcServerCredentials(config: GlobalStoreConfig): ServerCredentials {
  const tls = config.server.grpc.tls;
  if (!tls.enabled) return ServerCredentials.createInsecure();
  if (tls.cert_file === null || tls.key_file === null) {
    throw new Error('server.grpc.tls: cert_file and key_file are required when TLS is enabled');
  }
  const certChain = readTlsFile('cert_file', tls.cert_file);
  const privateKey = readTlsFile('key_file', tls.key_file);
  const [leaf] = parseCertificates('cert_file', tls.cert_file, certChain);
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKey);
  } catch (error) {
    throw new Error(
      `server.grpc.tls.key_file: ${tls.key_file} cannot be loaded as a PEM private key: ` +
        (error as Error).message,
    );
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new Error(
      `server.grpc.tls.key_file: ${tls.key_file} is not the private key of the certificate in ` +
        `${tls.cert_file} (${leaf.subject.replace(/\n/g, ', ')})`,
    );
  }
  let clientCa: Buffer | null = null;
  if (tls.client_ca_file !== null) {
    clientCa = readTlsFile('client_ca_file', tls.client_ca_file);
    parseCertificates('client_ca_file', tls.client_ca_file, clientCa);
  }
  return ServerCredentials.createSsl(
    clientCa,
    [{ cert_chain: certChain, private_key: privateKey }],
    clientCa !== null,
  );
}

function readTlsFile(key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`server.grpc.tls.${key}: cannot read ${path}: ${(error as Error).message}`);
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM bundle, in order; at least one, and all of them must parse. */
function parseCertificates(key: string, path: string, pem: Buffer): X509Certificate[] {
  const blocks = pem.toString('utf8').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new Error(`server.grpc.tls.${key}: ${path} holds no PEM certificate (BEGIN CERTIFICATE)`);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(
        `server.grpc.tls.${key}: certificate ${index + 1} in ${path} is not valid: ` +
          (error as Error).message,
      );
    }
  });
}
