import { ChannelCredentials, ChannelOptions, credentials } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { GlobalStoreConfig } from '../../../../libs/config/src';

/** Where and how the admin commands reach a server. */
export interface AdminConnection {
  address: string;
  tls: boolean;
  credentials: ChannelCredentials;
  channelOptions: ChannelOptions;
}

export interface ConnectionFlags {
  endpoint?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServerName?: string;
}

/** A connection setting that cannot work; worded for the operator, naming the flag or key. */
export class ConnectionSetupError extends Error {}

/**
 * Flags win over the config. From a config: the advertise address if set, else the listen
 * address as a local client reaches it (0.0.0.0 → 127.0.0.1); TLS when server.grpc.tls is
 * enabled, trusting --tls-ca, else the config's client_ca_file (an internal CA signs both
 * sides), else the server's own certificate (self-signed). A client certificate for mTLS
 * comes only from --tls-cert/--tls-key: the server's config holds none for clients.
 */
export function resolveConnection(
  flags: ConnectionFlags,
  config: GlobalStoreConfig | undefined,
): AdminConnection {
  const address = flags.endpoint?.trim() || (config ? addressFromConfig(config) : '');
  if (address === '') throw new ConnectionSetupError('give --endpoint=HOST:PORT or --config=FILE');
  if (!/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(address)) {
    throw new ConnectionSetupError(`--endpoint: "${address}" is not HOST:PORT`);
  }
  const configTls = config?.server.grpc.tls;
  const tls =
    Boolean(flags.tls || flags.tlsCa || flags.tlsCert || flags.tlsKey) ||
    Boolean(configTls?.enabled);
  const channelOptions: ChannelOptions = {};
  if (flags.tlsServerName) channelOptions['grpc.ssl_target_name_override'] = flags.tlsServerName;
  if (!tls) return { address, tls, credentials: credentials.createInsecure(), channelOptions };

  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
    throw new ConnectionSetupError('--tls-cert and --tls-key go together (a client certificate)');
  }
  const caFile = flags.tlsCa ?? configTls?.client_ca_file ?? configTls?.cert_file ?? undefined;
  const ca = caFile ? readPem(flags.tlsCa ? '--tls-ca' : 'server.grpc.tls', caFile) : null;
  const key = flags.tlsKey ? readPem('--tls-key', flags.tlsKey) : null;
  const cert = flags.tlsCert ? readPem('--tls-cert', flags.tlsCert) : null;
  return {
    address,
    tls,
    credentials: credentials.createSsl(ca, key, cert),
    channelOptions,
  };
}

function addressFromConfig(config: GlobalStoreConfig): string {
  const { advertise, listen } = config.server;
  const local = (host: string) =>
    host === '0.0.0.0' || host === '' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const host = advertise.host || local(listen.host);
  const port = advertise.port || listen.port;
  if (port === 0) {
    throw new ConnectionSetupError(
      'the config listens on port 0 (a port chosen at startup): give --endpoint=HOST:PORT',
    );
  }
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function readPem(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConnectionSetupError(
      `${what}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
