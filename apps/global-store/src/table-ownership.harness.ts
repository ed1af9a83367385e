/**
 * "One owner per fact" (docs/architecture.md) checked on the source: each table belongs to
 * the lib whose entity maps it, and only that lib's production code names the entity or the
 * table in SQL. Other libs reach a table through the owner's exported services, stores and
 * Stored* readers, handing them a unit of work (WriteTransaction) or a read snapshot at most.
 * Tests, harnesses and benchmarks may inspect any table; migrations create them all.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface TableOwnership {
  /** Table name → owning lib. */
  tables: Map<string, string>;
  /** Entity class name → owning lib. */
  entities: Map<string, string>;
}

export interface OwnershipViolation {
  /** Repository-relative path. */
  file: string;
  line: number;
  problem: string;
}

/** Tables a lib queries with raw SQL only (no entity maps them). */
const RAW_SQL_TABLES: Record<string, string> = { ha_lease: 'ha' };
const ENTITY = /@Entity\(\{\s*name:\s*'(\w+)'\s*\}\)\s*export class (\w+)/g;
const IMPORT = /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g;
/** Where SQL or TypeORM's string-named calls name a table. */
const SQL_TABLE = (table: string): RegExp =>
  new RegExp(
    `\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+["\`]?${table}\\b|` +
      `\\.(?:from|into|update|getRepository)\\(\\s*'${table}'|` +
      `insertRows\\([^,()]+,\\s*'${table}'`,
  );

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'generated' && name !== 'node_modules') files.push(...sourceFiles(path));
    } else if (name.endsWith('.ts')) {
      files.push(path);
    }
  }
  return files;
}

/** Test-only code may read any table: it checks what the server wrote. */
function isTestCode(path: string): boolean {
  return /\.(spec|e2e)\.ts$|harness\.ts$/.test(path) || path.includes(`${sep}testing${sep}`);
}

/** The lib a repository-relative path belongs to ('app' for apps/). */
function ownerOf(path: string): string | undefined {
  const parts = path.split(sep);
  if (parts[0] === 'libs' && parts[2] === 'src') return parts[1];
  if (parts[0] === 'apps') return 'app';
  return undefined;
}

/** Blank out comments (keeping line breaks), so prose never counts as SQL. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`])\/\/.*$/gm, (_, before: string) => before);
}

export function tableOwnership(root: string): TableOwnership {
  const tables = new Map<string, string>(Object.entries(RAW_SQL_TABLES));
  const entities = new Map<string, string>();
  for (const file of sourceFiles(join(root, 'libs'))) {
    const path = relative(root, file);
    if (isTestCode(path)) continue;
    const lib = ownerOf(path);
    if (!lib) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(ENTITY)) {
      tables.set(m[1], lib);
      entities.set(m[2], lib);
    }
  }
  return { tables, entities };
}

/** The violations in one production file's text. */
export function violationsIn(
  root: string,
  path: string,
  text: string,
  ownership: TableOwnership,
): OwnershipViolation[] {
  const lib = ownerOf(path);
  if (!lib || isTestCode(path) || path.startsWith(join('libs', 'persistence', 'src', 'migrations')))
    return [];
  const code = withoutComments(text);
  const lineOf = (index: number): number => code.slice(0, index).split('\n').length;
  const found: OwnershipViolation[] = [];
  for (const m of code.matchAll(IMPORT)) {
    if (!m[2].startsWith('.')) continue;
    const target = relative(root, resolve(root, dirname(path), m[2]));
    const imported = ownerOf(target.endsWith('src') ? join(target, 'index.ts') : target);
    if (!imported || imported === lib) continue;
    for (const name of m[1].split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
      const owner = ownership.entities.get(name.split(/\s+as\s+/)[0]);
      if (owner === imported) {
        found.push({
          file: path,
          line: lineOf(m.index),
          problem: `imports ${name}, the entity of lib ${owner}'s table`,
        });
      }
    }
  }
  for (const [table, owner] of ownership.tables) {
    if (owner === lib) continue;
    const pattern = new RegExp(SQL_TABLE(table).source, 'g');
    for (const m of code.matchAll(pattern)) {
      found.push({
        file: path,
        line: lineOf(m.index),
        problem: `runs SQL on ${table}, a table of lib ${owner}`,
      });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/** Every violation in the production code of libs/ and apps/ under `root`. */
export function ownershipViolations(root: string): OwnershipViolation[] {
  const ownership = tableOwnership(root);
  const found: OwnershipViolation[] = [];
  for (const top of ['libs', 'apps']) {
    for (const file of sourceFiles(join(root, top))) {
      const path = relative(root, file);
      found.push(...violationsIn(root, path, readFileSync(file, 'utf8'), ownership));
    }
  }
  return found;
}

/**
 * A statement run on the database: TypeORM's manager and builder calls, the persistence
 * lib's bulk helpers, or SQL text (docs/architecture.md, "SQL lives in stores").
 */
const SQL_STATEMENT = new RegExp(
  [
    String.raw`\bmanager\s*\.\s*(?:find\w*|insert|update|delete|save|upsert|count\w*|exist\w*|increment|decrement|remove|sum|average|minimum|maximum|clear|query)\(`,
    String.raw`\.(?:createQueryBuilder|getRepository)\(`,
    String.raw`\b(?:dataSource|runner|queryRunner|db|client)\s*\.\s*query\(`,
    String.raw`\b(?:insertRows|runForIds|sqliteAll)\(`,
    String.raw`['"\x60]\s*(?:SELECT|INSERT\s+INTO|UPDATE\s+["\x60]?\w+["\x60]?\s+SET|DELETE\s+FROM|PRAGMA)\b`,
  ].join('|'),
  'g',
);

/** Files whose name says they hold a table's statements: stores, records, SQL, readers. */
const SQL_HOME = /(?:^|[-.])(?:store|records|sql|repository)\.ts$|^stored-[\w-]+\.ts$/;

/**
 * The persistence machinery runs statements it is handed or that belong to no table of a
 * domain (transactions, savepoints, pragmas, migration bookkeeping, the health probe,
 * backups and integrity checks of the SQLite file), and
 * the HA lease's connection wrapper runs what lease-sql.ts gives it.
 */
const SQL_MACHINERY = new Set(
  [
    'libs/persistence/src/database.ts',
    'libs/persistence/src/write-queue.ts',
    'libs/persistence/src/committed-reads.ts',
    'libs/persistence/src/sqlite-file.ts',
    'libs/persistence/src/sqlite-raw.ts',
    'libs/persistence/src/schema-shape.ts',
    'libs/persistence/src/database-health.probe.ts',
    'libs/persistence/src/database-maintenance.service.ts',
    'libs/persistence/src/database-integrity.service.ts',
    'libs/persistence/src/backup.ts',
    'libs/ha/src/lease-connection.ts',
  ].map((path) => path.split('/').join(sep)),
);

/** Whether a production file may run SQL by its name (a store) or its role (machinery). */
export function isSqlHome(path: string): boolean {
  return SQL_MACHINERY.has(path) || SQL_HOME.test(path.split(sep).pop() ?? '');
}

/** Statements in one production file that is not a store, records, SQL or machinery file. */
export function sqlOutsideStoresIn(path: string, text: string): OwnershipViolation[] {
  if (!ownerOf(path) || isTestCode(path) || isSqlHome(path)) return [];
  if (path.startsWith(join('libs', 'persistence', 'src', 'migrations'))) return [];
  const code = withoutComments(text);
  const lineOf = (index: number): number => code.slice(0, index).split('\n').length;
  const found = new Map<number, OwnershipViolation>();
  for (const m of code.matchAll(SQL_STATEMENT)) {
    const line = lineOf(m.index);
    if (!found.has(line)) {
      found.set(line, { file: path, line, problem: `runs SQL (${m[0].trim()}) outside a store` });
    }
  }
  return [...found.values()];
}

/** Every statement in the production code of libs/ and apps/ that sits outside a store. */
export function sqlOutsideStores(root: string): OwnershipViolation[] {
  const found: OwnershipViolation[] = [];
  for (const top of ['libs', 'apps']) {
    for (const file of sourceFiles(join(root, top))) {
      const path = relative(root, file);
      found.push(...sqlOutsideStoresIn(path, readFileSync(file, 'utf8')));
    }
  }
  return found;
}
