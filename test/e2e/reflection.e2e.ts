import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import {
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
  GlobalStoreProcess,
} from './support/global-store.process';
import {
  REFLECTION_VERSIONS,
  crawl,
  loadWithProtobufjs,
  reflectionClient,
} from './support/reflection-client';

const PKG = 'tensorcast.global_store.v1';

describe('reflection served by the real server', () => {
  let server: GlobalStoreProcess;

  before(async () => {
    server = await startGlobalStore(writeConfig(tempDir(), testConfig()));
  });

  after(async () => {
    await server.stop();
  });

  for (const version of REFLECTION_VERSIONS) {
    test(`${version}: every served file builds in a strict descriptor pool, health included`, async () => {
      const client = reflectionClient(version, server.address);
      try {
        const result = await crawl(client);
        assert.deepEqual([...result.services].sort(), [
          'grpc.health.v1.Health',
          'tcgs.admin.v1.GlobalStoreAdmin',
          'tcgs.registrations.v1.RegistrationKeepalive',
          `${PKG}.ArtifactCatalogService`,
          `${PKG}.AssemblyViewService`,
          `${PKG}.ClusterAdminService`,
          `${PKG}.ClusterRuntimeService`,
          `${PKG}.RegistrationService`,
          'tensorcast.memory_tier.v1.MemoryTierService',
        ]);
        for (const name of result.services) assert.ok(result.registry.getService(name), name);
        const register = result.registry.getMessage(`${PKG}.RegisterWorkerRequest`);
        assert.ok(register);
        assert.deepEqual(
          register.fields.map((f) => f.name).slice(0, 3),
          ['node_id', 'node_address', 'grpc_port'],
          'proto field names as written in the .proto',
        );
        const reconcile = result.registry.getMessage(`${PKG}.ReconcileWorkerStateRequest`);
        assert.equal(reconcile?.fields.find((f) => f.name === 'request_seq')?.number, 4);
        const lease = result.registry.getMessage('tensorcast.memory_tier.v1.MemoryTierLease');
        assert.equal(lease?.fields.find((f) => f.name === 'expires_at_ns')?.number, 14);
        assert.equal(
          result.files.get('tensorcast/memory_tier/v1/memory_tier.proto')?.package,
          'tensorcast.memory_tier.v1',
        );

        // The same bytes in a second, independent implementation, with DescriptorPool's rules.
        const root = loadWithProtobufjs(result.raw);
        for (const name of result.services) assert.ok(root.lookupService(name), name);
        assert.equal(
          root.lookupType('grpc.health.v1.HealthCheckRequest').fields.service.type,
          'string',
        );
      } finally {
        client.close();
      }
    });
  }
});
