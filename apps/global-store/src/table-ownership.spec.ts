/**
 * One owner per fact: no lib's production code imports another lib's entity or runs SQL on
 * a table another lib owns, and the owner's statements live in its store, records or SQL
 * files, not in its services (docs/architecture.md). The checker itself is tried on planted
 * offences first, so a checker that can no longer see one fails here too.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { protoRoot } from '../../../libs/grpc/src';
import {
  ownershipViolations,
  sqlOutsideStores,
  sqlOutsideStoresIn,
  tableOwnership,
  violationsIn,
} from './table-ownership.harness';

const REPO = join(protoRoot(), '..');

describe('one owner per table', () => {
  const ownership = tableOwnership(REPO);

  test('every table has its owning lib', () => {
    assert.equal(ownership.tables.get('replicas'), 'artifacts');
    assert.equal(ownership.tables.get('workers'), 'workers');
    assert.equal(ownership.tables.get('registrations'), 'registrations');
    assert.equal(ownership.tables.get('server_meta'), 'persistence');
    assert.equal(ownership.entities.get('ReplicaEntity'), 'artifacts');
    assert.ok(ownership.tables.size >= 13, `${ownership.tables.size} tables found`);
  });

  test('sees an entity import and SQL on a table of another lib', () => {
    const planted = [
      "import { ArtifactStore, ReplicaEntity } from '../../artifacts/src';",
      "import type { WorkerEntity as W } from '../../workers/src';",
      "const rows = await manager.query('SELECT * FROM replicas WHERE worker_id = $1', [id]);",
      "await manager.createQueryBuilder().update('workers').set({}).execute();",
      "await insertRows(tx.manager, 'artifacts', COLUMNS, values);",
      '// prose that says it reads FROM replicas is not SQL',
      "import { RegistrationEntity } from './registration.entity';",
    ].join('\n');
    const found = violationsIn(REPO, join('libs', 'admin', 'src', 'x.ts'), planted, ownership);
    assert.deepEqual(
      found.map((v) => `${v.line} ${v.problem}`),
      [
        "1 imports ReplicaEntity, the entity of lib artifacts's table",
        "2 imports WorkerEntity as W, the entity of lib workers's table",
        '3 runs SQL on replicas, a table of lib artifacts',
        '4 runs SQL on workers, a table of lib workers',
        '5 runs SQL on artifacts, a table of lib artifacts',
      ],
    );
    assert.deepEqual(
      violationsIn(REPO, join('libs', 'artifacts', 'src', 'x.ts'), planted, ownership).map(
        (v) => v.problem,
      ),
      [
        "imports WorkerEntity as W, the entity of lib workers's table",
        'runs SQL on workers, a table of lib workers',
      ],
      'the owner itself may',
    );
    assert.deepEqual(
      violationsIn(REPO, join('libs', 'admin', 'src', 'x.spec.ts'), planted, ownership),
      [],
      'tests may read any table',
    );
  });

  test("no lib imports another lib's entity or runs SQL on a table it does not own", () => {
    assert.deepEqual(
      ownershipViolations(REPO).map((v) => `${v.file}:${v.line} ${v.problem}`),
      [],
    );
  });

  test('sees statements outside a store, and lets stores, records and tests run them', () => {
    const planted = [
      'const row = await tx.manager.findOneBy(KeyMappingEntity, { key });',
      'await this.dataSource.manager.count(ArtifactEntity);',
      "const q = manager.createQueryBuilder(TransportEntity, 't');",
      "await insertRows(tx.manager, 'chunk_rows', COLUMNS, values);",
      'const sql = `UPDATE workers SET state = $1 WHERE worker_id = $2`;',
      "await runner.query('SELECT 1');",
      '// prose: a SELECT FROM nowhere, manager.find( in a comment',
      'const mapping = await findKeyMapping(tx.manager, key);',
      'return this.writes.run((tx) => deleteKeyMapping(tx, key));',
    ].join('\n');
    const file = (name: string) => join('libs', 'artifacts', 'src', name);
    assert.deepEqual(
      sqlOutsideStoresIn(file('key-mappings.service.ts'), planted).map((v) => v.line),
      [1, 2, 3, 4, 5, 6],
    );
    for (const home of [
      'key-mapping-records.ts',
      'artifact-store.ts',
      'memory-tier.store.ts',
      'worker-rows-sql.ts',
      'stored-catalog.ts',
      'key-mappings.service.spec.ts',
      'replicas.harness.ts',
    ]) {
      assert.deepEqual(sqlOutsideStoresIn(file(home), planted), [], home);
    }
  });

  test('every statement lives in a store, records or SQL file of its lib', () => {
    assert.deepEqual(
      sqlOutsideStores(REPO).map((v) => `${v.file}:${v.line} ${v.problem}`),
      [],
    );
  });
});
