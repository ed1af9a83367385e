import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MIGRATIONS } from './migrations';
import { expectedSchemaShape, schemaDifferences, shapeFromTypeOrm } from './schema-shape';

const ALL = MIGRATIONS.map((m) => new m().name);

test('the SQL-only run of our migrations yields the shape TypeORM itself produces', async () => {
  const fast = await expectedSchemaShape(ALL);
  const typeorm = await shapeFromTypeOrm([...MIGRATIONS]);
  assert.deepEqual(schemaDifferences(fast, typeorm), []);
  assert.ok(fast.tables.includes('migrations') && fast.tables.includes('workers'));
  assert.ok(
    fast.objects.some((o) => o.startsWith('index ux_workers_daemon on workers(daemon_id)')),
  );
});

test('a prefix of the migrations expects only what that prefix creates', async () => {
  const first = await expectedSchemaShape(ALL.slice(0, 1));
  const all = await expectedSchemaShape(ALL);
  const differences = schemaDifferences(first, all);
  // Later migrations add tables and indexes; ReplicaMemoryExtra also rewrites replicas
  // (memory_info → memory_extra), so a database at the first migration has the old table.
  const rewritten = (d: string) => /^(unexpected|missing) table replicas\(/.test(d);
  assert.ok(differences.some((d) => d.startsWith('missing table registration_frames(')));
  assert.ok(differences.some((d) => /^unexpected table replicas\(.*memory_info/.test(d)));
  assert.ok(
    differences.every((d) => d.startsWith('missing ') || rewritten(d)),
    differences.join('; '),
  );
});
