/**
 * docs/architecture.md's routing table against the code: every method of every service in
 * proto/ has one row, and the row names the controller that really serves it (read from the
 * Nest metadata of the modules AppModule imports) and a service that controller is given.
 */
import type { DynamicModule, Type } from '@nestjs/common';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { defaultConfig } from '../../../libs/config/src';
import { loadPackageDefinition, protoRoot } from '../../../libs/grpc/src';
import { AppModule } from './app.module';

interface Row {
  service: string;
  method: string;
  controller: string;
  file: string;
  serviceClass: string;
}

const REPO = join(protoRoot(), '..');
const ROW = /^\| `([\w.]+)\/(\w+)` \| \[`(\w+)`\]\(\.\.\/([^)]+)\) \| `(\w+)\.[^`]+` \|$/;

function tableRows(): Row[] {
  const text = readFileSync(join(REPO, 'docs', 'architecture.md'), 'utf8');
  return text.split('\n').flatMap((line) => {
    const m = ROW.exec(line.trim());
    return m
      ? [{ service: m[1], method: m[2], controller: m[3], file: m[4], serviceClass: m[5] }]
      : [];
  });
}

/** `package.Service/Method` for every method proto/ declares. */
function protoMethods(): string[] {
  const methods: string[] = [];
  for (const [name, definition] of Object.entries(loadPackageDefinition())) {
    if ('format' in definition) continue; // a message or enum type
    for (const method of Object.keys(definition)) methods.push(`${name}/${method}`);
  }
  return methods.sort();
}

type ModuleRef = Type | DynamicModule | { forwardRef: () => Type };

/** Every controller of AppModule's module graph. */
function appControllers(): Type[] {
  const config = defaultConfig();
  const root = AppModule.forRoot({
    config: {
      ...config,
      observability: {
        ...config.observability,
        dashboard: { ...config.observability.dashboard, enabled: true },
      },
    },
    warnings: [],
    source: '',
  });
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (ref: ModuleRef | undefined): void => {
    if (!ref) return;
    const moduleRef = 'forwardRef' in ref ? ref.forwardRef() : ref;
    if (seen.has(moduleRef)) return;
    seen.add(moduleRef);
    const dynamic = 'module' in moduleRef ? moduleRef : undefined;
    const type = dynamic ? dynamic.module : (moduleRef as Type);
    const metadata = (key: string): unknown[] =>
      (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
    controllers.push(...(metadata('controllers') as Type[]), ...(dynamic?.controllers ?? []));
    for (const imported of [...metadata('imports'), ...(dynamic?.imports ?? [])]) {
      visit(imported as ModuleRef);
    }
  };
  visit(root);
  return controllers;
}

/** Bare service name (as @GrpcMethod takes it) + method → the controllers that serve it. */
function servedBy(controllers: readonly Type[]): Map<string, Type[]> {
  const served = new Map<string, Type[]>();
  for (const controller of controllers) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const handler = prototype[key];
      if (typeof handler !== 'function') continue;
      const patterns =
        (Reflect.getMetadata('microservices:pattern', handler) as
          { service?: string; rpc?: string }[] | undefined) ?? [];
      for (const { service, rpc } of patterns) {
        if (service === undefined || rpc === undefined) continue;
        const id = `${service}/${rpc}`;
        served.set(id, [...(served.get(id) ?? []), controller]);
      }
    }
  }
  return served;
}

describe('docs/architecture.md routing table', () => {
  const rows = tableRows();
  const methods = protoMethods();
  const served = servedBy(appControllers());

  test('has one row for every method in proto/, and none for a method it does not declare', () => {
    assert.ok(methods.length > 40, `proto/ declares ${methods.length} methods`);
    const listed = rows.map((r) => `${r.service}/${r.method}`);
    assert.deepEqual(
      methods.filter((m) => !listed.includes(m)),
      [],
      'methods missing from the table',
    );
    assert.deepEqual(
      listed.filter((m) => !methods.includes(m)),
      [],
      'rows for methods proto/ does not declare',
    );
    assert.equal(new Set(listed).size, listed.length, 'a method listed twice');
  });

  test('names the controller that serves each method, and a service that controller uses', () => {
    for (const row of rows) {
      const bare = row.service.slice(row.service.lastIndexOf('.') + 1);
      const controllers = served.get(`${bare}/${row.method}`) ?? [];
      assert.deepEqual(
        controllers.map((c) => c.name),
        [row.controller],
        `${row.service}/${row.method} is served by ${controllers.map((c) => c.name).join(', ') || 'nothing'}`,
      );
      const source = readFileSync(join(REPO, row.file), 'utf8');
      assert.match(source, new RegExp(`export class ${row.controller}\\b`), row.file);
      const given = (
        (Reflect.getMetadata('design:paramtypes', controllers[0]) as Type[] | undefined) ?? []
      ).map((t) => t.name);
      assert.ok(
        given.includes(row.serviceClass) || row.serviceClass === row.controller,
        `${row.controller} is not given ${row.serviceClass} (it has ${given.join(', ')})`,
      );
    }
  });
});
