import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { MAX_BOUND_PARAMETERS, insertRows } from './bulk-sql';
import { createDataSource, dataSourceOptions } from './database';
import { TestDatabase, createTestDatabase, testDrivers } from './test-databases.harness';

/** Strings a client may send as ids: quotes, SQL, control characters, any Unicode. */
const AWKWARD_TEXT = [
  '',
  "it's",
  "''",
  "'); DROP TABLE bulk; --",
  'back\\slash \\',
  'tab\there',
  'new\nline',
  'nul\u0000inside',
  'é ü 😀 中文',
  '"double"',
  '?',
  '$1',
  ':name',
];

for (const driver of testDrivers()) {
  describe(`insertRows on ${driver}`, () => {
    let dataSource: DataSource;
    let database: TestDatabase | undefined;

    before(async () => {
      if (driver === 'postgres') {
        database = await createTestDatabase('bulk_sql');
        dataSource = createDataSource(dataSourceOptions(database.settings({ poolSize: 2 })));
      } else {
        dataSource = new DataSource({ type: 'sqlite', database: ':memory:' });
      }
      await dataSource.initialize();
      await dataSource.query(
        'CREATE TABLE bulk (id integer PRIMARY KEY, label varchar(255), big bigint, ratio float, flag boolean)',
      );
    });

    after(async () => {
      await dataSource.destroy();
      await database?.drop();
    });

    async function stored(): Promise<unknown[][]> {
      const rows: Record<string, unknown>[] = await dataSource.query(
        'SELECT id, label, big, ratio, flag FROM bulk ORDER BY id',
      );
      return rows.map((r) => [
        Number(r.id),
        r.label,
        r.big === null ? null : Number(r.big),
        r.ratio === null ? null : Number(r.ratio),
        r.flag === null ? null : r.flag === true || Number(r.flag) === 1,
      ]);
    }

    test('every value is stored exactly as given, whether written as a literal or bound', async () => {
      await dataSource.query('DELETE FROM bulk');
      const texts =
        driver === 'postgres' ? AWKWARD_TEXT.filter((t) => !t.includes('\u0000')) : AWKWARD_TEXT;
      const rows = texts.map((label, i) => [
        i,
        label,
        i % 2 === 0 ? Number.MAX_SAFE_INTEGER - i : -i,
        i % 3 === 0 ? null : i + 0.5,
        i % 2 === 0,
      ]);
      await insertRows(dataSource.manager, 'bulk', ['id', 'label', 'big', 'ratio', 'flag'], rows);
      assert.deepEqual(await stored(), rows);
      assert.deepEqual(
        (await dataSource.query('SELECT COUNT(*) AS n FROM bulk')).map((r: { n: unknown }) =>
          Number(r.n),
        ),
        [texts.length],
        'the quote-laden labels were values, not statements',
      );
      if (driver === 'sqlite') {
        const types: { t: string }[] = await dataSource.query(
          'SELECT DISTINCT typeof(flag) AS t FROM bulk',
        );
        assert.deepEqual(
          types.map((r) => r.t),
          ['integer'],
          'a boolean is stored as the integer the driver binds for it',
        );
      }
    });

    test('thousands of rows split into statements under the parameter limit, with a conflict arm', async () => {
      await dataSource.query('DELETE FROM bulk');
      const rows = Array.from({ length: 3000 }, (_, i) => [i, `row ${i}\n`, i, null, true]);
      await insertRows(dataSource.manager, 'bulk', ['id', 'label', 'big', 'ratio', 'flag'], rows);
      assert.ok(rows.length * 3 > MAX_BOUND_PARAMETERS, 'more values than one statement binds');
      await insertRows(
        dataSource.manager,
        'bulk',
        ['id', 'label', 'big', 'ratio', 'flag'],
        [[5, "kept'", 0, null, false]],
        'ON CONFLICT (id) DO NOTHING',
      );
      const all = await stored();
      assert.equal(all.length, 3000);
      assert.deepEqual(all[5], [5, 'row 5\n', 5, null, true]);
      assert.deepEqual(all[2999], [2999, 'row 2999\n', 2999, null, true]);
    });
  });
}
