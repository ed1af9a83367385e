import { Registry } from 'prom-client';
import { counter, defaultRegistry, gauge } from './metric-factory';

export interface CertificateExpiry {
  configKey: string;
  index: number;
  subject: string;
  notAfterMs: number;
}

/**
 * TLS as an operator watches it: time left on each certificate the gRPC server presents or
 * trusts (alert well before 0), and handshakes it refused (plaintext clients, missing or
 * untrusted client certificates). Both exist only when server.grpc.tls.enabled.
 */
export class TlsMetrics {
  private certificates: readonly CertificateExpiry[] = [];
  readonly certificateExpirySeconds;
  readonly handshakeFailures;

  constructor(
    private readonly now: () => number = Date.now,
    registry: Registry = defaultRegistry,
  ) {
    this.certificateExpirySeconds = gauge(
      {
        name: 'tc_tls_certificate_expiry_seconds',
        help:
          'Seconds until the notAfter of each TLS certificate (negative once expired), by the ' +
          'config key of its file and its position in that PEM bundle (0 = first).',
        labelNames: ['config_key', 'index', 'subject'] as const,
        collect: (): void => {
          const expiry = this.certificateExpirySeconds;
          expiry.reset();
          for (const cert of this.certificates) {
            expiry.set(
              { config_key: cert.configKey, index: String(cert.index), subject: cert.subject },
              Math.round((cert.notAfterMs - this.now()) / 1000),
            );
          }
        },
      },
      registry,
    );
    this.handshakeFailures = counter(
      {
        name: 'tc_grpc_tls_handshake_failures_total',
        help: 'TLS handshakes the gRPC server refused, by reason.',
        labelNames: ['reason'] as const,
      },
      registry,
    );
  }

  watchCertificates(certificates: readonly CertificateExpiry[]): void {
    this.certificates = certificates;
  }

  countHandshakeFailure(reason: string): void {
    this.handshakeFailures.inc({ reason });
  }
}
