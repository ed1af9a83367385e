/**
 * No Docker engine runs in CI, so this checks what can be checked without one: the stages
 * share one base image and install/build the way the repository does; COPY sources exist,
 * survive .dockerignore and arrive before the npm scripts that need them; the shipped code
 * needs only production dependencies; ports, user, volume and config path agree with the
 * configs and the Kubernetes manifest. Then it replays the runtime stage's COPY lines into a
 * temporary "image root", runs the image's exact ENTRYPOINT + CMD there, and checks that the
 * server serves and that the HEALTHCHECK command tells serving from stopped. Last,
 * docker/build.sh is run against a stand-in docker to check its tags.
 */
import { spawn, spawnSync } from 'node:child_process';
import { strict as assert } from 'node:assert';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { load, loadAll } from 'js-yaml';
import { GlobalStoreConfig, loadConfigFile } from '../../libs/config/src';
import { ConfigDocument, tempDir, writeConfig } from './support/global-store.process';
import { call, connectClients } from './support/grpc-clients';

// Compiled to dist/test/e2e; the Dockerfile and configs live in the repository.
const REPO_ROOT = resolve(__dirname, '../../..');
const DOCKERFILE = join(REPO_ROOT, 'docker/Dockerfile');
/** Where the runtime stage puts the application (its WORKDIR). */
const IMAGE_APP_DIR = '/app';

interface Instruction {
  keyword: string;
  args: string;
  stage: Stage;
}

interface Stage {
  name: string;
  /** The FROM argument with ARG defaults substituted. */
  from: string;
  workdir: string;
  instructions: Instruction[];
}

/** Just enough of the Dockerfile grammar for this file: continuations, comments, ARG defaults. */
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const args = new Map<string, string>();
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    assert.ok(keyword !== undefined, `cannot parse Dockerfile line: ${line}`);
    const upper = keyword.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [name, value = ''] = rest.split('=', 2);
      args.set(name, value);
      continue;
    }
    if (upper === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      const from = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => args.get(arg) ?? '');
      assert.ok(as === undefined || as.toUpperCase() === 'AS', `FROM ${rest}`);
      const parent = stages.find((s) => s.name === from);
      stages.push({
        name: name ?? String(stages.length),
        from,
        workdir: parent?.workdir ?? '/',
        instructions: [],
      });
      continue;
    }
    const stage = stages.at(-1);
    assert.ok(stage, `${upper} before the first FROM`);
    if (upper === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, rest);
    stage.instructions.push({ keyword: upper, args: rest, stage });
  }
  return stages;
}

/** The base image a stage ultimately builds on, following `FROM <earlier stage>`. */
function baseImage(stages: Stage[], stage: Stage): string {
  const parent = stages.find((s) => s.name === stage.from);
  return parent ? baseImage(stages, parent) : stage.from;
}

function jsonArgs(instruction: Instruction | undefined): string[] {
  assert.ok(instruction, 'instruction present');
  const parsed = JSON.parse(instruction.args) as unknown;
  assert.ok(Array.isArray(parsed), `${instruction.keyword} uses the exec (JSON) form`);
  return parsed as string[];
}

interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
  stage: Stage;
}

function copies(stages: Stage[]): Copy[] {
  return stages.flatMap((stage) =>
    stage.instructions
      .filter((i) => i.keyword === 'COPY')
      .map((i) => {
        const words = i.args.split(/\s+/);
        const flags = words.filter((w) => w.startsWith('--'));
        const paths = words.filter((w) => !w.startsWith('--'));
        const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
        return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '', stage };
      }),
  );
}

/**
 * .dockerignore semantics for the patterns used here: anchored at the context root, `*` and
 * `?` stay within one path segment, `**` spans segments, an excluded folder excludes its
 * contents, `!` re-includes, and the last matching line wins.
 */
function dockerIgnored(patterns: string[], path: string): boolean {
  const segments = path.split('/');
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = posix.normalize((negated ? raw.slice(1) : raw).replace(/^\/+/, ''));
    const regex = new RegExp(
      `^${pattern
        .split('**')
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
        )
        .join('.*')}$`,
    );
    if (candidates.some((candidate) => regex.test(candidate))) ignored = !negated;
  }
  return ignored;
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}

function configPorts(config: GlobalStoreConfig): number[] {
  return [config.server.listen.port, config.server.metrics_port].sort((a, b) => a - b);
}

describe('docker/Dockerfile', () => {
  let stages: Stage[];
  let runtime: Stage;
  let imageConfig: GlobalStoreConfig;

  before(() => {
    stages = parseDockerfile(readFileSync(DOCKERFILE, 'utf8'));
    const last = stages.at(-1);
    assert.ok(last, 'the Dockerfile has stages');
    runtime = last;
    imageConfig = loadConfigFile(join(REPO_ROOT, 'docker/global_store.yaml'), {}).config;
  });

  const instruction = (stage: Stage, keyword: string) =>
    stage.instructions.filter((i) => i.keyword === keyword);

  test('every stage builds on the same Debian-based node LTS image (node 22)', () => {
    const bases = new Set(stages.map((stage) => baseImage(stages, stage)));
    assert.equal(
      bases.size,
      1,
      `one base image, so the sqlite3 addon matches: ${[...bases].join(', ')}`,
    );
    assert.match([...bases][0], /^node:22(\.\d+)*-(bookworm|bullseye)(-slim)?$/);
    assert.equal(runtime.workdir, IMAGE_APP_DIR);
  });

  test('build stages compile with dev dependencies; the runtime gets production ones only', () => {
    const runs = (name: string) => {
      const stage = stages.find((s) => s.name === name);
      assert.ok(stage, `stage ${name}`);
      return instruction(stage, 'RUN').map((i) => i.args);
    };
    assert.match(runs('toolchain').join('\n'), /apt-get install .*python3 make g\+\+/);
    assert.deepEqual(runs('build'), ['npm ci', 'npm run build']);
    assert.deepEqual(runs('prod-deps'), ['npm ci --omit=dev']);
    assert.ok(
      !stages.some((s) => s.name === runtime.from),
      'the runtime stage starts from the bare image, without the compiler toolchain',
    );
    assert.doesNotMatch(runs(runtime.name).join('\n'), /npm|apt-get/);
    const copiedDeps = copies([runtime]).find((c) => c.sources.includes('/app/node_modules'));
    assert.equal(copiedDeps?.from, 'prod-deps', 'node_modules come from npm ci --omit=dev');
  });

  test('the runtime preloads jemalloc, copied from the toolchain stage (memory after bursts)', () => {
    const toolchain = stages.find((s) => s.name === 'toolchain');
    assert.ok(toolchain, 'stage toolchain');
    const runs = instruction(toolchain, 'RUN')
      .map((i) => i.args)
      .join('\n');
    assert.match(runs, /apt-get install .*libjemalloc2/);
    assert.match(
      runs,
      /cp \/usr\/lib\/\*-linux-gnu\/libjemalloc\.so\.2 \/usr\/local\/lib\/libjemalloc\.so\.2/,
    );
    const copied = copies([runtime]).find((c) =>
      c.sources.includes('/usr/local/lib/libjemalloc.so.2'),
    );
    assert.equal(copied?.from, 'toolchain', 'the library comes from the toolchain stage');
    const env = instruction(runtime, 'ENV')
      .map((i) => i.args)
      .join(' ');
    assert.match(env, /LD_PRELOAD=\/usr\/local\/lib\/libjemalloc\.so\.2/);
    // The preload must precede every RUN of the runtime stage that starts a process, or the
    // library would have to exist already: the COPY comes first.
    const keywords = runtime.instructions.map((i) => i.keyword);
    const copyAt = runtime.instructions.findIndex(
      (i) => i.keyword === 'COPY' && i.args.includes('libjemalloc.so.2'),
    );
    const envAt = runtime.instructions.findIndex(
      (i) => i.keyword === 'ENV' && i.args.includes('LD_PRELOAD'),
    );
    assert.ok(copyAt >= 0 && envAt > copyAt, `COPY before ENV LD_PRELOAD: ${keywords.join(' ')}`);
  });

  test('files the npm scripts use are copied into the stage before npm runs them', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const copiedByEnd = new Map<string, string[]>();
    let checked = 0;
    for (const stage of stages) {
      const copied = [...(copiedByEnd.get(stage.from) ?? [])];
      for (const step of stage.instructions) {
        if (step.keyword === 'COPY' && !step.args.includes('--from=')) {
          copied.push(
            ...step.args
              .split(/\s+/)
              .slice(0, -1)
              .filter((w) => !w.startsWith('--')),
          );
        }
        if (step.keyword !== 'RUN') continue;
        // npm ci runs the root package's install lifecycle; npm run X runs preX, X and postX.
        const lifecycle = /\bnpm ci\b/.test(step.args)
          ? ['preinstall', 'install', 'postinstall', 'prepare']
          : [...step.args.matchAll(/\bnpm run (\S+)/g)].flatMap(([, name]) => [
              `pre${name}`,
              name,
              `post${name}`,
            ]);
        for (const name of lifecycle) {
          const script = scripts[name];
          if (script === undefined) continue;
          const files = script
            .split(/\s+/)
            .filter(
              (word) =>
                existsSync(join(REPO_ROOT, word)) && statSync(join(REPO_ROOT, word)).isFile(),
            );
          for (const file of files) {
            checked += 1;
            assert.ok(
              copied.some(
                (path) => file === path || file.startsWith(`${path.replace(/\/$/, '')}/`),
              ),
              `stage ${stage.name}: "${step.args}" runs script ${name} (${script}), which needs ${file}: COPY it first`,
            );
          }
        }
      }
      copiedByEnd.set(stage.name, copied);
    }
    assert.ok(checked > 0, 'the scripts the image runs name files (postinstall, build)');
  });

  test('COPY sources exist and are not excluded by .dockerignore', () => {
    const ignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const all = copies(stages);
    assert.ok(all.length > 0);
    for (const copy of all) {
      for (const source of copy.sources) {
        if (copy.from === undefined) {
          assert.ok(
            existsSync(join(REPO_ROOT, source)),
            `COPY ${source}: exists in the repository`,
          );
          // A folder's files count too: excluding them all would ship an empty folder.
          const files = statSync(join(REPO_ROOT, source)).isDirectory()
            ? readdirSync(join(REPO_ROOT, source), { recursive: true, encoding: 'utf8' }).map(
                (file) => posix.join(source, file.split(sep).join('/')),
              )
            : [];
          for (const path of [source, ...files]) {
            assert.ok(!dockerIgnored(ignore, path), `COPY ${source}: ${path} is in .dockerignore`);
          }
          continue;
        }
        // From an earlier stage: that stage's WORKDIR holds what it installed or built, which
        // a local `npm ci` + build reproduces at the repository root.
        const stage = stages.find((s) => s.name === copy.from);
        assert.ok(stage, `COPY --from=${copy.from}: a stage of this Dockerfile`);
        const relative = posix.relative(stage.workdir, source);
        if (relative.startsWith('..')) {
          // A system file the stage installs (jemalloc's library): its RUN lines make it.
          assert.ok(
            instruction(stage, 'RUN').some((i) => i.args.includes(source)),
            `COPY --from=${copy.from} ${source}: under WORKDIR, or made by that stage's RUN lines`,
          );
          continue;
        }
        assert.ok(existsSync(join(REPO_ROOT, relative)), `${relative} is produced by the stage`);
      }
    }
    const runtimeSources = all
      .filter((c) => c.stage === runtime)
      .map((c) => c.sources)
      .flat()
      .map((s) => posix.relative(IMAGE_APP_DIR, posix.resolve(IMAGE_APP_DIR, s)));
    for (const needed of [
      'dist',
      'node_modules',
      'proto',
      'bin',
      'package.json',
      'examples/config',
    ]) {
      assert.ok(runtimeSources.includes(needed), `the runtime image gets ${needed}`);
    }
    // What bin/tensorcast loads, in the build output the image copies.
    assert.ok(existsSync(join(REPO_ROOT, 'dist/global-store.js')));
    assert.ok(existsSync(join(REPO_ROOT, 'dist/global-store.bundle.js')));
  });

  test('EXPOSE matches the ports of the image config and the example configs', () => {
    const exposed = instruction(runtime, 'EXPOSE')
      .flatMap((i) => i.args.split(/\s+/))
      .map(Number)
      .sort((a, b) => a - b);
    assert.deepEqual(exposed, configPorts(imageConfig));
    for (const name of ['global_store_config.yaml', 'global_store_production.yaml']) {
      const example = loadConfigFile(join(REPO_ROOT, 'examples/config', name), {}).config;
      assert.deepEqual(exposed, configPorts(example), `examples/config/${name}`);
    }
  });

  test('runs as a numeric non-root user with its data on the /data volume', () => {
    const [user] = instruction(runtime, 'USER');
    assert.ok(user, 'USER is set');
    const [uid, gid] = user.args.split(':').map(Number);
    assert.ok(uid > 0 && gid > 0, `non-root numeric uid:gid, got ${user.args}`);
    assert.deepEqual(jsonArgs(instruction(runtime, 'VOLUME')[0]), ['/data']);
    assert.equal(posix.dirname(imageConfig.database.db_file ?? ''), '/data');
    assert.equal(imageConfig.server.listen.host, '0.0.0.0');
    assert.equal(imageConfig.worker_policy.allow_loopback_addresses, false);
    assert.equal(imageConfig.observability.logging.format, 'json');
  });

  test('the default config path is where the image puts docker/global_store.yaml and where k8s mounts its ConfigMap', () => {
    const command = [
      ...jsonArgs(instruction(runtime, 'ENTRYPOINT')[0]),
      ...jsonArgs(instruction(runtime, 'CMD')[0]),
    ];
    const configFlag = command.find((arg) => arg.startsWith('--config='));
    assert.ok(configFlag, 'the default command passes --config=');
    const configPath = configFlag.slice('--config='.length);

    const baked = copies([runtime]).find((c) => c.sources.includes('docker/global_store.yaml'));
    assert.equal(baked?.destination, configPath, 'docker/global_store.yaml is the default config');

    type K8sObject = {
      kind: string;
      spec: {
        template?: {
          spec: {
            containers: { args?: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
            volumes: { name: string; configMap?: object }[];
          };
        };
      };
    };
    const manifests = loadAll(
      readFileSync(join(REPO_ROOT, 'k8s/global-store.yaml'), 'utf8'),
    ) as K8sObject[];
    const pod = manifests.find((m) => m.kind === 'StatefulSet')?.spec.template?.spec;
    assert.ok(pod, 'k8s/global-store.yaml has the StatefulSet');
    const [container] = pod.containers;
    assert.deepEqual(
      container.args,
      jsonArgs(instruction(runtime, 'CMD')[0]),
      'k8s runs the image CMD',
    );
    const configVolume = pod.volumes.find((v) => v.configMap !== undefined);
    const mount = container.volumeMounts.find((m) => m.name === configVolume?.name);
    assert.equal(
      mount?.mountPath,
      posix.dirname(configPath),
      'the ConfigMap replaces the baked config',
    );
  });

  test('the built server requires only packages that npm ci --omit=dev installs', () => {
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const shipped = ['dist/apps', 'dist/libs'].flatMap((top) =>
      readdirSync(join(REPO_ROOT, top), { recursive: true, encoding: 'utf8' })
        // What tsconfig.build.json leaves out of the image: specs, harnesses, libs/testing.
        .filter(
          (file) =>
            file.endsWith('.js') &&
            !/\.(spec|harness|spec-harness)\.js$/.test(file) &&
            !join(top, file).startsWith(join('dist', 'libs', 'testing')),
        )
        .map((file) => join(REPO_ROOT, top, file)),
    );
    assert.ok(shipped.length > 0, 'the build output is there');
    // What bin/tensorcast runs: the bundle holds every package it could resolve; what it still
    // requires is sqlite3 and the optional packages Nest loads only for features we do not use
    // (absent from every install, so a server needing one would fail the e2e tests): none of
    // them may be a dev dependency.
    const bundled = ['dist/global-store.js', 'dist/global-store.bundle.js'].map((file) =>
      join(REPO_ROOT, file),
    );
    const missing = new Set<string>();
    for (const file of [...shipped, ...bundled]) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(
        /require\("([^".][^"]*)"\)/g,
      )) {
        if (specifier.startsWith('node:')) continue;
        const parts = specifier.split('/');
        const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
        const entry = lock.packages[`node_modules/${name}`];
        const absent = entry === undefined && !bundled.includes(file);
        if (absent || entry?.dev === true) missing.add(`${name} (${file})`);
      }
    }
    assert.deepEqual([...missing], [], 'dev-only or absent in a production install');
  });

  describe('the image command starts the Global Store from the image layout', () => {
    let dir: string;
    /** Stands in for the image's "/": the runtime stage's COPY lines are replayed into it. */
    let imageRoot: string;
    let dbFile: string;
    let child: ReturnType<typeof spawn>;
    let exited: Promise<number | null>;
    let output = '';
    let grpcPort: number;
    let metricsPort: number;
    let healthcheck: string[];

    /** The image's HEALTHCHECK, pointed at the port the test server got. */
    const runHealthcheck = () => {
      const result = spawnSync(healthcheck[0], healthcheck.slice(1), { timeout: 10_000 });
      return result.status;
    };

    /**
     * Replays the runtime stage's COPY lines with Docker's rules (a folder's contents go into
     * the destination; several sources or a trailing slash mean "into this folder"). Stage
     * outputs come from the local build; node_modules is linked, as copying it is slow.
     */
    const assembleImage = () => {
      for (const copy of copies([runtime])) {
        const into = copy.sources.length > 1 || copy.destination.endsWith('/');
        const destination = posix.resolve(runtime.workdir, copy.destination);
        for (const source of copy.sources) {
          const stage = stages.find((s) => s.name === copy.from);
          // System files a stage installs (jemalloc) are not part of the application.
          if (stage && posix.relative(stage.workdir, source).startsWith('..')) continue;
          const local = join(REPO_ROOT, stage ? posix.relative(stage.workdir, source) : source);
          const target = join(
            imageRoot,
            into ? posix.join(destination, posix.basename(source)) : destination,
          );
          mkdirSync(dirname(target), { recursive: true });
          if (posix.basename(source) === 'node_modules') symlinkSync(local, target, 'dir');
          else cpSync(local, target, { recursive: true });
        }
      }
    };

    before(async () => {
      dir = tempDir('tc-gs-docker-');
      imageRoot = join(dir, 'image');
      assembleImage();
      dbFile = join(dir, 'data/global_store.db');
      // The image's config with what differs outside a container: loopback, free ports and a
      // temporary data directory instead of /data. Mounted over the baked one, in effect.
      const imageDocument = load(
        readFileSync(join(REPO_ROOT, 'docker/global_store.yaml'), 'utf8'),
      ) as ConfigDocument & { server: ConfigDocument; database: ConfigDocument };
      const local: ConfigDocument = {
        ...imageDocument,
        database: { ...imageDocument.database, db_file: dbFile },
        server: {
          ...imageDocument.server,
          listen: { host: '127.0.0.1', port: 0 },
          metrics_host: '127.0.0.1',
          metrics_port: 0,
        },
      };
      const configPath = writeConfig(dir, local);

      const entrypoint = jsonArgs(instruction(runtime, 'ENTRYPOINT')[0]);
      const cmd = jsonArgs(instruction(runtime, 'CMD')[0]).map((arg) =>
        arg.startsWith('--config=') ? `--config=${configPath}` : arg,
      );
      const [program, ...args] = [...entrypoint, ...cmd].map((arg) =>
        arg.startsWith('/') ? join(imageRoot, arg) : arg,
      );
      assert.equal(program, 'node');
      child = spawn(process.execPath, args, {
        cwd: join(imageRoot, runtime.workdir),
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      exited = new Promise((resolveExit) => child.on('exit', (code) => resolveExit(code)));
      const serving =
        /Global Store serving: gRPC on 127\.0\.0\.1:(\d+), metrics and health on http:\/\/127\.0\.0\.1:(\d+)/;
      [grpcPort, metricsPort] = await new Promise<number[]>((resolvePorts, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`not serving in 20 s:\n${output}`)),
          20_000,
        );
        const onData = (data: Buffer) => {
          output += data.toString();
          const match = serving.exec(output);
          if (match) {
            clearTimeout(timer);
            resolvePorts([Number(match[1]), Number(match[2])]);
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before serving:\n${output}`));
        });
      });

      const [check] = instruction(runtime, 'HEALTHCHECK');
      assert.ok(check, 'HEALTHCHECK is set');
      const cmdJson = check.args.slice(check.args.indexOf('CMD ') + 'CMD '.length);
      const probe = (JSON.parse(cmdJson) as string[]).map((arg) => {
        const url = `http://127.0.0.1:${imageConfig.server.metrics_port}/health`;
        return arg.includes(url) ? arg.replace(url, `http://127.0.0.1:${metricsPort}/health`) : arg;
      });
      assert.ok(
        probe.some((arg) => arg.includes(`:${metricsPort}/health`)),
        'it probes /health',
      );
      assert.equal(probe[0], 'node', 'no curl in the slim image');
      healthcheck = [process.execPath, ...probe.slice(1)];
    });

    after(async () => {
      // before() may have failed before spawning.
      if (child !== undefined) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });

    test('it serves gRPC and /health, keeps its database in the data directory, and logs JSON', async () => {
      const clients = connectClients(`127.0.0.1:${grpcPort}`);
      try {
        const health = await call(clients.admin, 'HealthCheck', {});
        assert.equal(health.status, 'STATUS_OK');
        const info = await call(clients.admin, 'GetServerInfo', {});
        assert.equal(info.db_file, dbFile);
        // Read from the image's /app/package.json: the layout is complete.
        assert.equal(info.version, packageVersion());
      } finally {
        clients.close();
      }
      assert.ok(existsSync(dbFile), 'the database is created under the data directory');
      const response = await fetch(`http://127.0.0.1:${metricsPort}/health`);
      assert.equal(response.status, 200);
      for (const line of output.split('\n').filter((l) => l !== '')) {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        assert.ok(entry.level && entry.msg, `one JSON log object per line: ${line}`);
      }
    });

    test('the HEALTHCHECK command passes while serving and fails once stopped', async () => {
      assert.equal(runHealthcheck(), 0, 'healthy while serving');
      child.kill('SIGTERM');
      assert.equal(await exited, 0, 'SIGTERM drains and exits 0');
      assert.equal(runHealthcheck(), 1, 'unhealthy when nothing answers');
    });
  });
});

describe('docker/build.sh', () => {
  let dir: string;

  before(() => {
    // A stand-in docker that records its arguments: the real engine is not available here.
    dir = tempDir('tc-gs-build-sh-');
    const fake = join(dir, 'docker');
    writeFileSync(fake, `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'args')}"\n`);
    chmodSync(fake, 0o755);
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const build = (env: NodeJS.ProcessEnv, extra: string[] = []) => {
    const result = spawnSync(join(REPO_ROOT, 'docker/build.sh'), extra, {
      cwd: dir,
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, ...env },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    return readFileSync(join(dir, 'args'), 'utf8').trimEnd().split('\n');
  };

  const version = packageVersion();

  test('tags <version from package.json> and latest, from the repository root', () => {
    assert.deepEqual(build({}), [
      'build',
      '--file',
      DOCKERFILE,
      '--tag',
      `tensorcast/global-store:${version}`,
      '--tag',
      'tensorcast/global-store:latest',
      REPO_ROOT,
    ]);
  });

  test('IMAGE overrides the repository name; extra arguments reach docker build', () => {
    const args = build({ IMAGE: 'registry.example.com/gs' }, ['--platform', 'linux/amd64']);
    assert.ok(args.includes(`registry.example.com/gs:${version}`));
    assert.ok(args.includes('registry.example.com/gs:latest'));
    assert.deepEqual(args.slice(-3), ['--platform', 'linux/amd64', REPO_ROOT]);
  });
});
