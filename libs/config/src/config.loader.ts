/**
 * Reads the one config file (YAML or JSON), rejects anything it does not understand before
 * the server starts, and returns the effective config plus the warnings to log.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validateSync, type ValidationError } from 'class-validator';
import { load, YAMLException } from 'js-yaml';
import { toEffectiveConfig } from './config.effective';
import {
  legacyEnvironmentWarnings,
  logLevelFromEnvironment,
  type Environment,
} from './config.environment';
import { ConfigError, type ConfigIssue } from './config.error';
import { describeValue } from './config.rules';
import {
  GlobalStoreConfigSchema,
  schemaKeyPaths,
  sectionChildren,
  sectionKeys,
  UPSTREAM_ONLY_KEYS,
} from './config.schema';
import type { GlobalStoreConfig, LoadedConfig } from './config.types';
import { canonicalKey, suggestKey } from './key-suggestion';

type Mapping = Record<string, unknown>;

/** Loads, validates and resolves a config file. Throws ConfigError listing every problem. */
export function loadConfigFile(path: string, env: Environment = process.env): LoadedConfig {
  const source = resolve(path);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [
      { path: '', message: `cannot read the file: ${fileProblem(error)}` },
    ]);
  }
  return loadConfigText(text, source, env);
}

/**
 * The same as loadConfigFile for text already in hand; `source` names it in messages and its
 * directory anchors relative paths.
 */
export function loadConfigText(
  text: string,
  source: string,
  env: Environment = process.env,
): LoadedConfig {
  source = resolve(source);
  const document = parseDocument(text, source);
  const issues: ConfigIssue[] = [];
  const warnings: string[] = [];
  const schema = readSection(document, GlobalStoreConfigSchema, '', issues, warnings);
  issues.push(
    ...validationIssues(
      validateSync(schema, { forbidUnknownValues: true, validationError: { target: false } }),
    ),
  );
  if (issues.length === 0) issues.push(...databaseDriverIssues(schema));
  if (issues.length > 0) throw new ConfigError(source, issues);

  const logLevel = logLevelFromEnvironment(env);
  warnings.push(...legacyEnvironmentWarnings(env));
  if (logLevel.warning !== undefined) warnings.push(logLevel.warning);
  const config = toEffectiveConfig(schema, {
    baseDir: dirname(source),
    logLevelOverride: logLevel.level,
  });
  return { config, warnings, source };
}

/**
 * TLS files are only named by the config; whoever starts the gRPC server calls this so a
 * missing certificate stops startup with the config key in the message.
 */
export function verifyTlsFiles(loaded: LoadedConfig): void {
  const { tls } = loaded.config.server.grpc;
  if (!tls.enabled) return;
  const files: [string, string | null][] = [
    ['server.grpc.tls.cert_file', tls.cert_file],
    ['server.grpc.tls.key_file', tls.key_file],
    ['server.grpc.tls.client_ca_file', tls.client_ca_file],
  ];
  const issues: ConfigIssue[] = [];
  for (const [path, file] of files) {
    if (file === null) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      issues.push({ path, message: `cannot read ${file}: ${fileProblem(error)}` });
    }
  }
  if (issues.length > 0) throw new ConfigError(loaded.source, issues);
}

/** Keys that belong to one driver: a file that mixes them is a mistake worth stopping for. */
function databaseDriverIssues(schema: GlobalStoreConfigSchema): ConfigIssue[] {
  const { database } = schema;
  if (database.driver === 'sqlite') return [];
  const issues: ConfigIssue[] = [];
  if (database.postgres.url === '') {
    issues.push({
      path: 'database.postgres.url',
      message: 'required when database.driver is postgres',
    });
  }
  if (database.db_file !== null) {
    issues.push({
      path: 'database.db_file',
      message:
        'names a SQLite file, but database.driver is postgres: remove it (or set it to null)',
    });
  }
  return issues;
}

/**
 * The PostgreSQL password, read from database.postgres.password_file when the database is
 * opened (a mounted Secret may be rotated between restarts); undefined when no file is named.
 * A trailing newline, as `echo` and most secret tooling leave it, is not part of it.
 */
export function readDatabasePassword(
  config: GlobalStoreConfig,
  source = 'the config',
): string | undefined {
  const file = config.database.postgres.password_file;
  if (file === null) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(source, [
      {
        path: 'database.postgres.password_file',
        message: `cannot read ${file}: ${fileProblem(error)}`,
      },
    ]);
  }
  const password = text.replace(/\r?\n$/, '');
  if (password === '') {
    throw new ConfigError(source, [
      { path: 'database.postgres.password_file', message: `${file} is empty` },
    ]);
  }
  return password;
}

const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : FILE_PROBLEMS[code];
  return known ?? (error instanceof Error ? error.message : String(error));
}

function parseDocument(text: string, source: string): Mapping {
  let document: unknown;
  try {
    // js-yaml 4's default schema is the safe one; JSON is a subset of YAML, so one parser
    // serves both, and duplicate keys are rejected rather than silently overwritten.
    document = load(text, { filename: source });
  } catch (error) {
    if (error instanceof YAMLException) {
      const { line, column } = error.mark;
      throw new ConfigError(source, [
        {
          path: '',
          message: `syntax error at line ${line + 1}, column ${column + 1}: ${error.reason}`,
        },
      ]);
    }
    throw error;
  }
  const sections = sectionKeys(GlobalStoreConfigSchema).join(', ');
  if (document === undefined || document === null) {
    throw new ConfigError(source, [
      { path: '', message: `the file is empty; expected a mapping with the sections ${sections}` },
    ]);
  }
  if (!isMapping(document)) {
    throw new ConfigError(source, [
      {
        path: '',
        message: `expected a mapping with the sections ${sections}, got ${describeValue(document)}`,
      },
    ]);
  }
  return document;
}

function isMapping(value: unknown): value is Mapping {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function joinPath(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Builds a section instance from the raw mapping: known keys are copied for validation,
 * upstream-only keys become warnings, anything else is an error. Defaults stay in place for
 * keys the file leaves out.
 */
function readSection<T extends object>(
  raw: Mapping,
  section: new () => T,
  path: string,
  issues: ConfigIssue[],
  warnings: string[],
): T {
  const instance = new section();
  const fields = instance as Mapping;
  const keys = sectionKeys(section);
  const children = sectionChildren(section);
  for (const [key, value] of Object.entries(raw)) {
    const keyPath = joinPath(path, key);
    const child = children.get(key);
    if (child !== undefined) {
      // A section with every key commented out parses as null: keep its defaults.
      if (value === null) continue;
      if (!isMapping(value)) {
        issues.push({ path: keyPath, message: `expected a mapping, got ${describeValue(value)}` });
        continue;
      }
      fields[key] = readSection(value, child, keyPath, issues, warnings);
    } else if (keys.includes(key)) {
      fields[key] = value;
    } else if (UPSTREAM_ONLY_KEYS.has(keyPath)) {
      const why = UPSTREAM_ONLY_KEYS.get(keyPath) ?? '';
      warnings.push(`${keyPath}: not implemented by this server (${why}); ignored`);
    } else {
      issues.push({ path: keyPath, message: unknownKeyMessage(key, keys) });
    }
  }
  return instance;
}

function unknownKeyMessage(key: string, siblings: readonly string[]): string {
  const sibling = suggestKey(key, siblings);
  if (sibling !== undefined) return `unknown key (did you mean "${sibling}"?)`;
  // A known key put in the wrong section: only an exact name (modulo case/dashes) counts,
  // anything looser across the whole tree would suggest nonsense.
  const elsewhere = schemaKeyPaths().find(
    (path) => canonicalKey(path.slice(path.lastIndexOf('.') + 1)) === canonicalKey(key),
  );
  if (elsewhere !== undefined) return `unknown key (did you mean "${elsewhere}"?)`;
  return `unknown key (known keys here: ${siblings.join(', ')})`;
}

function validationIssues(errors: readonly ValidationError[], prefix = ''): ConfigIssue[] {
  return errors.flatMap((error) => {
    const path = joinPath(prefix, error.property);
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...validationIssues(error.children ?? [], path)];
  });
}
