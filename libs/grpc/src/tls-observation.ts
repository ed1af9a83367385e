import { Server } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GlobalStoreConfig } from '../../config/src';

/** One certificate the server presents or trusts, for the expiry gauge. */
export interface ServedCertificate {
  /** The config key of the file it came from. */
  configKey: 'server.grpc.tls.cert_file' | 'server.grpc.tls.client_ca_file';
  /** Position in the PEM bundle: 0 is the server's own (leaf) certificate in cert_file. */
  index: number;
  subject: string;
  notAfterMs: number;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of server.grpc.tls as loaded at startup (the files were validated by
 * grpcServerCredentials before; an unreadable one here just yields nothing).
 */
export function servedCertificates(config: GlobalStoreConfig): ServedCertificate[] {
  const tls = config.server.grpc.tls;
  if (!tls.enabled) return [];
  const files: [ServedCertificate['configKey'], string | null][] = [
    ['server.grpc.tls.cert_file', tls.cert_file],
    ['server.grpc.tls.client_ca_file', tls.client_ca_file],
  ];
  const out: ServedCertificate[] = [];
  for (const [configKey, file] of files) {
    if (file === null) continue;
    let pem: string;
    try {
      pem = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    (pem.match(PEM_CERTIFICATE) ?? []).forEach((block, index) => {
      const certificate = new X509Certificate(block);
      out.push({
        configKey,
        index,
        subject: certificate.subject.replace(/\n/g, ', '),
        notAfterMs: Date.parse(certificate.validTo),
      });
    });
  }
  return out;
}

/**
 * Why a TLS handshake was refused, as a bounded label: Node reports OpenSSL's reason in
 * the error code (ERR_SSL_…); the common ones get a name, the rest are "other".
 */
export function handshakeFailureReason(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (/PEER_DID_NOT_RETURN_A_CERTIFICATE|CERTIFICATE_REQUIRED/.test(code))
    return 'no_client_certificate';
  if (/CERTIFICATE|UNKNOWN_CA|VERIFY/.test(code)) return 'bad_client_certificate';
  if (/WRONG_VERSION_NUMBER|HTTP_REQUEST|UNKNOWN_PROTOCOL|PACKET_LENGTH_TOO_LONG/.test(code))
    return 'not_tls';
  if (/VERSION|PROTOCOL|NO_SHARED_CIPHER|CIPHER/.test(code)) return 'protocol_mismatch';
  if (code === 'ECONNRESET' || /timed out|socket hang up/i.test(error.message)) return 'aborted';
  return 'other';
}

/**
 * grpc-js does not expose its HTTP/2 servers; a handshake it refuses is only visible as the
 * TLS server's 'tlsClientError'. It keeps them in a private map, read here once after bind
 * (grpc-js is pinned; the TLS e2e test fails if this stops seeing handshakes).
 */
export function watchTlsHandshakeFailures(
  server: Server,
  onFailure: (reason: string, error: Error) => void,
): number {
  const servers = (server as unknown as { http2Servers?: Map<EventEmitter, unknown> }).http2Servers;
  let watched = 0;
  for (const http2Server of servers?.keys() ?? []) {
    http2Server.on('tlsClientError', (error: Error) =>
      onFailure(handshakeFailureReason(error), error),
    );
    watched += 1;
  }
  return watched;
}
