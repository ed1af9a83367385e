import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadAll } from 'js-yaml';
import { DRAIN_TIMEOUT_MS } from '../../apps/global-store/src/server';
import { GlobalStoreConfig, loadConfigText } from '../../libs/config/src';

// Compiled to dist/test/e2e; the manifests live in the repository, not in dist/.
const REPO_ROOT = resolve(__dirname, '../../..');
const MANIFEST = join(REPO_ROOT, 'k8s/global-store.yaml');

/** The slices of the Kubernetes objects this test reads; js-yaml hands back plain data. */
interface Port {
  name?: string;
  port?: number;
  containerPort?: number;
  targetPort?: number | string;
}
interface Probe {
  grpc?: { port: number; service?: string };
  httpGet?: unknown;
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports: Port[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // Each kind has its own spec; tests below narrow by kind.
  spec: Record<string, unknown>;
  data?: Record<string, string>;
}
interface StatefulSetSpec {
  replicas: number;
  serviceName: string;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
    spec: {
      terminationGracePeriodSeconds: number;
      enableServiceLinks?: boolean;
      securityContext: {
        runAsNonRoot?: boolean;
        runAsUser?: number;
        runAsGroup?: number;
        fsGroup?: number;
      };
      containers: Container[];
      volumes: { name: string; configMap?: { name: string }; emptyDir?: object }[];
    };
  };
  volumeClaimTemplates: {
    metadata: { name: string };
    spec: { accessModes: string[]; resources: { requests: { storage: string } } };
  }[];
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector: Record<string, string>;
  ports: Port[];
}

function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  assert.ok(found, `${kind}/${name} is in ${MANIFEST}`);
  return found;
}

describe('k8s/global-store.yaml agrees with the config it embeds', () => {
  let manifests: Manifest[];
  let statefulSet: StatefulSetSpec;
  let container: Container;
  let config: GlobalStoreConfig;
  let configPath: string;

  before(() => {
    manifests = loadAll(readFileSync(MANIFEST, 'utf8')) as Manifest[];
    statefulSet = find(manifests, 'StatefulSet', 'global-store').spec as unknown as StatefulSetSpec;
    assert.equal(statefulSet.template.spec.containers.length, 1);
    container = statefulSet.template.spec.containers[0];

    const configFlag = [...(container.command ?? []), ...(container.args ?? [])].find((arg) =>
      arg.startsWith('--config='),
    );
    assert.ok(configFlag, 'the container passes --config=');
    configPath = configFlag.slice('--config='.length);

    const configVolume = statefulSet.template.spec.volumes.find((v) => v.configMap !== undefined);
    assert.ok(configVolume?.configMap, 'a ConfigMap volume holds the config');
    const mount = container.volumeMounts.find((m) => m.name === configVolume.name);
    assert.ok(mount, 'the ConfigMap volume is mounted');
    assert.equal(mount.readOnly, true, 'the config is mounted read-only');
    assert.equal(
      posix.dirname(configPath),
      mount.mountPath,
      '--config lies in the ConfigMap mount',
    );

    const configMap = find(manifests, 'ConfigMap', configVolume.configMap.name);
    const text = configMap.data?.[posix.basename(configPath)];
    assert.ok(text !== undefined, `the ConfigMap has the key ${posix.basename(configPath)}`);
    // An empty environment: the loader's LOG_LEVEL / legacy-variable warnings concern the
    // machine running the test, not the manifest.
    const loaded = loadConfigText(text, configPath, {});
    assert.deepEqual(loaded.warnings, [], 'the embedded config loads without warnings');
    config = loaded.config;
  });

  test('the embedded config is persistent, on the volume, and production-safe', () => {
    assert.ok(config.database.db_file, 'db_file is set (not in-memory)');
    const dataMount = container.volumeMounts.find((m) => m.name === 'data');
    assert.ok(dataMount, 'the data volume is mounted');
    assert.equal(posix.dirname(config.database.db_file), dataMount.mountPath);
    assert.deepEqual(
      statefulSet.volumeClaimTemplates.map((claim) => claim.metadata.name),
      ['data'],
      'the data mount comes from the volumeClaimTemplate',
    );
    assert.equal(config.server.listen.host, '0.0.0.0', 'reachable from the pod network');
    assert.equal(config.server.metrics_host, '0.0.0.0', 'reachable by Prometheus and probes');
    assert.equal(config.worker_policy.allow_loopback_addresses, false);
    assert.equal(config.observability.logging.format, 'json');
    assert.equal(config.observability.logging.file, '', 'logs go to stdout/stderr only');
  });

  test('container ports, Services and probes use the config ports', () => {
    const grpcPort = config.server.listen.port;
    const metricsPort = config.server.metrics_port;
    assert.deepEqual(
      container.ports.map((p) => [p.name, p.containerPort]),
      [
        ['grpc', grpcPort],
        ['metrics', metricsPort],
      ],
    );

    const headless = find(manifests, 'Service', 'global-store-headless')
      .spec as unknown as ServiceSpec;
    assert.equal(headless.clusterIP, 'None');
    assert.deepEqual(
      headless.ports.map((p) => [p.name, p.port, p.targetPort]),
      [['grpc', grpcPort, 'grpc']],
    );
    const service = find(manifests, 'Service', 'global-store').spec as unknown as ServiceSpec;
    assert.equal(service.type, 'ClusterIP');
    assert.deepEqual(
      service.ports.map((p) => [p.name, p.port, p.targetPort]),
      [
        ['grpc', grpcPort, 'grpc'],
        ['metrics', metricsPort, 'metrics'],
      ],
    );

    for (const name of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) {
      const probe = container[name];
      assert.ok(probe, `${name} is set`);
      assert.deepEqual(probe.grpc, { port: grpcPort }, `${name}: native gRPC health check`);
    }

    const scrape = find(manifests, 'Service', 'global-store').metadata.annotations ?? {};
    const podScrape = statefulSet.template.metadata.annotations ?? {};
    for (const annotations of [scrape, podScrape]) {
      assert.equal(annotations['prometheus.io/scrape'], 'true');
      assert.equal(annotations['prometheus.io/port'], String(metricsPort));
      assert.equal(annotations['prometheus.io/path'], '/metrics');
    }
  });

  test('labels and selectors tie the Services to the StatefulSet', () => {
    assert.equal(statefulSet.serviceName, 'global-store-headless');
    assert.deepEqual(statefulSet.selector.matchLabels, { app: 'global-store' });
    assert.equal(statefulSet.template.metadata.labels.app, 'global-store');
    for (const name of ['global-store', 'global-store-headless']) {
      const spec = find(manifests, 'Service', name).spec as unknown as ServiceSpec;
      assert.deepEqual(spec.selector, { app: 'global-store' }, `${name} selects the pod`);
    }
    for (const manifest of manifests) {
      assert.equal(manifest.metadata.labels?.app, 'global-store', `${manifest.kind} is labelled`);
    }
  });

  test('one replica on a 20Gi ReadWriteOnce volume, sized per the guidance', () => {
    assert.equal(statefulSet.replicas, 1, 'SQLite has a single writer');
    const [claim] = statefulSet.volumeClaimTemplates;
    assert.deepEqual(claim.spec.accessModes, ['ReadWriteOnce']);
    assert.equal(claim.spec.resources.requests.storage, '20Gi');
    assert.deepEqual(container.resources, {
      requests: { cpu: '2', memory: '4Gi' },
      limits: { cpu: '4', memory: '8Gi' },
    });
  });

  test('shutdown: the grace period outlasts the drain', () => {
    const graceMs = statefulSet.template.spec.terminationGracePeriodSeconds * 1000;
    assert.ok(graceMs > DRAIN_TIMEOUT_MS, `${graceMs} ms > drain ${DRAIN_TIMEOUT_MS} ms`);
  });

  test('security: non-root as the image user, read-only root, no service-link variables', () => {
    const pod = statefulSet.template.spec;
    const dockerfile = readFileSync(join(REPO_ROOT, 'docker/Dockerfile'), 'utf8');
    const user = /^USER (\d+):(\d+)\s*$/m.exec(dockerfile);
    assert.ok(user, 'the Dockerfile sets a numeric USER uid:gid');
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.equal(pod.securityContext.runAsUser, Number(user[1]));
    assert.equal(pod.securityContext.runAsGroup, Number(user[2]));
    assert.equal(
      pod.securityContext.fsGroup,
      Number(user[2]),
      'the volume is writable by the user',
    );
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    const tmp = container.volumeMounts.find((m) => m.mountPath === '/tmp');
    assert.ok(tmp, '/tmp is writable despite the read-only root');
    assert.ok(pod.volumes.find((v) => v.name === tmp.name)?.emptyDir, '/tmp is an emptyDir');
    // Service "global-store" would otherwise inject GLOBAL_STORE_PORT & co., which the
    // server warns about as ignored legacy settings on every start.
    assert.equal(pod.enableServiceLinks, false);
  });

  test('the image tag is the version docker/build.sh tags', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(container.image, `tensorcast/global-store:${pkg.version}`);
  });
});

const HA_MANIFEST = join(REPO_ROOT, 'k8s/global-store-ha.yaml');

interface DeploymentSpec {
  replicas: number;
  strategy?: { type: string };
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      terminationGracePeriodSeconds: number;
      affinity?: {
        podAntiAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: {
            topologyKey: string;
            labelSelector: { matchLabels: Record<string, string> };
          }[];
        };
      };
      securityContext: { runAsUser?: number; fsGroup?: number };
      containers: (Container & {
        startupProbe?: Probe & { tcpSocket?: { port: number } };
        livenessProbe?: Probe & { tcpSocket?: { port: number } };
      })[];
      volumes: { name: string; secret?: { secretName: string }; persistentVolumeClaim?: object }[];
    };
  };
  volumeClaimTemplates?: unknown[];
}

describe('k8s/global-store-ha.yaml: two instances on PostgreSQL, the leader alone Ready', () => {
  let manifests: Manifest[];
  let deployment: DeploymentSpec;
  let container: DeploymentSpec['template']['spec']['containers'][number];
  let config: GlobalStoreConfig;
  let secretData: Record<string, string>;

  before(() => {
    manifests = loadAll(readFileSync(HA_MANIFEST, 'utf8')) as Manifest[];
    deployment = find(manifests, 'Deployment', 'global-store').spec as unknown as DeploymentSpec;
    [container] = deployment.template.spec.containers;
    const configPath = (container.args ?? [])
      .find((arg) => arg.startsWith('--config='))
      ?.slice('--config='.length);
    assert.ok(configPath, 'the container passes --config=');
    const mount = container.volumeMounts.find((m) => m.mountPath === posix.dirname(configPath));
    assert.ok(mount?.readOnly, 'the config lies in a read-only mount');
    const volume = deployment.template.spec.volumes.find((v) => v.name === mount.name);
    assert.ok(volume?.secret, 'the config (with the database URL) comes from a Secret');
    const secret = find(manifests, 'Secret', volume.secret.secretName) as Manifest & {
      stringData?: Record<string, string>;
    };
    secretData = secret.stringData ?? {};
    const text = secretData[posix.basename(configPath)];
    assert.ok(text !== undefined, 'the Secret holds the config file');
    const loaded = loadConfigText(text, configPath, {});
    assert.deepEqual(loaded.warnings, []);
    config = loaded.config;
  });

  test('PostgreSQL with the password from the mounted Secret, no per-pod volume', () => {
    const database = config.database as unknown as {
      driver: string;
      postgres: { url: string; password_file: string | null };
    };
    assert.equal(database.driver, 'postgres');
    assert.match(database.postgres.url, /^postgres(ql)?:\/\/[^:@]+@/, 'no password in the URL');
    const passwordFile = database.postgres.password_file;
    assert.ok(passwordFile, 'password_file is set');
    const mount = container.volumeMounts.find((m) => m.mountPath === posix.dirname(passwordFile));
    const volume = deployment.template.spec.volumes.find((v) => v.name === mount?.name);
    assert.ok(volume?.secret, 'password_file lies in a Secret mount');
    assert.ok(secretData[posix.basename(passwordFile)] !== undefined, 'the Secret has the key');
    assert.equal(deployment.volumeClaimTemplates, undefined);
    assert.ok(deployment.template.spec.volumes.every((v) => v.persistentVolumeClaim === undefined));
    assert.equal(
      deployment.template.spec.securityContext.fsGroup,
      deployment.template.spec.securityContext.runAsUser,
      'the mounted Secret is readable by the container user',
    );
  });

  test('two replicas on different nodes, recreated (a standby never becomes Ready to roll)', () => {
    assert.equal(deployment.replicas, 2);
    assert.equal(deployment.strategy?.type, 'Recreate');
    const [term] =
      deployment.template.spec.affinity?.podAntiAffinity
        ?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    assert.ok(term, 'required pod anti-affinity');
    assert.equal(term.topologyKey, 'kubernetes.io/hostname');
    assert.deepEqual(term.labelSelector.matchLabels, deployment.selector.matchLabels);
    const graceMs = deployment.template.spec.terminationGracePeriodSeconds * 1000;
    assert.ok(graceMs > DRAIN_TIMEOUT_MS);
  });

  test('readiness = leader only; startup and liveness pass on a standby', () => {
    assert.deepEqual(container.readinessProbe?.grpc, { port: config.server.listen.port });
    for (const probe of [container.startupProbe, container.livenessProbe]) {
      assert.ok(probe, 'probe set');
      assert.equal(probe.grpc, undefined, 'a NOT_SERVING standby must not be restarted');
      assert.equal(probe.httpGet, undefined, '/health is 503 on a standby');
      assert.deepEqual(probe.tcpSocket, { port: config.server.metrics_port });
    }
  });

  test('a PodDisruptionBudget over the same pods; the Service selects them', () => {
    const pdb = find(manifests, 'PodDisruptionBudget', 'global-store').spec as {
      maxUnavailable?: number;
      selector: { matchLabels: Record<string, string> };
    };
    assert.equal(pdb.maxUnavailable, 1);
    assert.deepEqual(pdb.selector.matchLabels, deployment.selector.matchLabels);
    const service = find(manifests, 'Service', 'global-store').spec as unknown as ServiceSpec;
    assert.deepEqual(service.selector, deployment.selector.matchLabels);
    assert.deepEqual(
      service.ports.map((p) => [p.name, p.port]),
      [
        ['grpc', config.server.listen.port],
        ['metrics', config.server.metrics_port],
      ],
    );
  });

  test('the lease settings: instance id = pod name, renewals well inside the TTL', () => {
    assert.equal(config.ha.instance_id, '');
    assert.ok(config.ha.renew_interval * 2 <= config.ha.lease_ttl);
  });
});
