import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BrowserContext, Page, chromium } from 'playwright-core';
import {
  GlobalStoreProcess,
  startGlobalStore,
  tempDir,
  testConfig,
  writeConfig,
} from './support/global-store.process';
import { GlobalStoreClients, Message, call, connectClients } from './support/grpc-clients';
import { mi2Artifact, registerReplica, registerWorker, replicaRequest } from './support/replicas';

/**
 * The dashboard in a real browser: Debian's chromium driven by playwright-core (no browser
 * download), against a real server holding real workers, replicas and a registration made
 * over gRPC. One browser for the whole file.
 */
const CHROMIUM = '/usr/bin/chromium';
const HEARTBEAT_TIMEOUT_MS = 3000;
/** Set DASHBOARD_SCREENSHOTS=docs/screenshots to refresh the README's pictures. */
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? join(tempDir('tc-dash-shots-'), 'shots');
const HOSTILE_NODE = `<img src=x onerror="document.title='pwned'">`;

/** The two DOM calls the in-page predicates make (the test build has no DOM types). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  getElementById(id: string): { getAttribute(name: string): string | null } | null;
};

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe(
  'web dashboard (chromium)',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} missing` },
  () => {
    let server: GlobalStoreProcess;
    let clients: GlobalStoreClients;
    let browser: BrowserContext;
    let page: Page;
    let base: string;
    const problems: string[] = [];
    let keeper: NodeJS.Timeout | undefined;
    const heartbeating = new Set<string>();

    let alpha: Message;
    let beta: Message;
    let gamma: Message;
    let hostile: Message;
    const artifact = mi2Artifact();
    const others = [mi2Artifact(), mi2Artifact(), mi2Artifact(), mi2Artifact()];
    let gpuReplica = '';
    let ramReplica = '';
    let diskReplica = '';
    let registrationId = '';

    async function heartbeat(workerId: string): Promise<void> {
      await call(clients.runtime, 'WorkerHeartbeat', {
        worker_id: workerId,
        mem_pool_available_size: '268435456',
        accepting_new_requests: true,
        state_version: '1',
      });
    }

    async function open(path: string): Promise<void> {
      const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
      assert.ok(response, `no response for ${path}`);
    }

    async function shot(name: string): Promise<void> {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    }

    async function field(name: string, scope = 'body'): Promise<string> {
      const value = await page
        .locator(`${scope} [data-field="${name}"]`)
        .first()
        .getAttribute('data-value');
      if (value !== null) return value;
      return (
        (await page.locator(`${scope} [data-field="${name}"]`).first().textContent()) ?? ''
      ).trim();
    }

    async function columnTexts(selector: string): Promise<string[]> {
      return (await page.locator(selector).allTextContents()).map((t) => t.trim());
    }

    before(async () => {
      mkdirSync(SHOTS, { recursive: true });
      const dir = tempDir('tc-dash-');
      const config = testConfig({
        meta: { cluster_token: 'dash-token' },
        database: { db_file: join(dir, 'gs.db') },
        worker_policy: {
          heartbeat_timeout: `${HEARTBEAT_TIMEOUT_MS}ms`,
          default_heartbeat_interval: '500ms',
        },
      });
      server = await startGlobalStore(writeConfig(dir, config));
      clients = connectClients(server.address);
      base = `http://127.0.0.1:${server.metricsPort}`;

      alpha = await registerWorker(clients, {
        node_id: 'node-alpha',
        mem_pool_total_size: '1073741824',
      });
      beta = await registerWorker(clients, {
        node_id: 'node-beta',
        mem_pool_total_size: '2147483648',
      });
      gamma = await registerWorker(clients, { node_id: 'node-gamma' });
      hostile = await registerWorker(clients, { node_id: HOSTILE_NODE });
      for (const w of [alpha, beta, gamma, hostile]) heartbeating.add(w.worker_id as string);
      keeper = setInterval(() => {
        for (const id of heartbeating) void heartbeat(id).catch(() => undefined);
      }, 400);

      const upsert = await call(clients.catalog, 'UpsertArtifactMetadata', {
        descriptor: {
          artifact_id: artifact.artifactId,
          index_multihash: artifact.indexMultihash,
          data_multihash: artifact.artifactId.split(':').pop(),
          schema_version: 'v3',
          encoding: 'json',
          total_size: '4096',
          id_kind: 'ARTIFACT_ID_KIND_MI2',
        },
        canonical_index_data: artifact.indexData,
      });
      assert.equal(upsert.status, 'STATUS_OK', JSON.stringify(upsert));

      const mem = (w: Message, type: string) => ({
        node_id: w.node_id,
        node_address: '127.0.0.1',
        node_port: w.grpc_port,
        memory_type: type,
      });
      // Registered slowest tier first, so the artifact page's ranking is not insertion order.
      diskReplica = await registerReplica(
        clients,
        replicaRequest(alpha.worker_id, artifact.artifactId, mem(alpha, 'MEMORY_TYPE_DISK')),
      );
      ramReplica = await registerReplica(
        clients,
        replicaRequest(beta.worker_id, artifact.artifactId, mem(beta, 'MEMORY_TYPE_RAM')),
      );
      gpuReplica = await registerReplica(
        clients,
        replicaRequest(alpha.worker_id, artifact.artifactId, mem(alpha, 'MEMORY_TYPE_GPU')),
      );
      for (const other of others) {
        await registerReplica(
          clients,
          replicaRequest(beta.worker_id, other.artifactId, mem(beta, 'MEMORY_TYPE_RAM')),
        );
      }
      const marked = await call(clients.runtime, 'MarkReplicaUnavailable', {
        artifact_id: artifact.artifactId,
        replica_id: diskReplica,
        reason: 'evicted',
      });
      assert.equal(marked.status, 'STATUS_OK');

      const begun = await call(clients.registration, 'BeginRegistration', {
        worker_id: beta.worker_id,
        daemon_id: beta.daemon_id,
        owner_pid: 4242,
        device_id: 0,
        total_size: '96',
        tensor_index_data: artifact.indexData,
        encoding: 'json',
        coalesced: { remote_memory_key: 'rk-dash' },
      });
      registrationId = begun.registration_id as string;
      assert.match(registrationId, /^reg_/);

      browser = await chromium.launchPersistentContext(tempDir('tc-dash-profile-'), {
        executablePath: CHROMIUM,
        headless: true,
        viewport: { width: 1440, height: 900 },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = browser.pages()[0] ?? (await browser.newPage());
      // CSP violations and script errors show up here; the last test asserts there were none.
      page.on('console', (message) => {
        // A page the test opens on purpose (an unknown worker) is a 404 document; the
        // response handler below judges every other resource.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
          problems.push(`console: ${message.text()}`);
        }
      });
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'document' && response.status() >= 400) {
          problems.push(`HTTP ${response.status()} for ${response.url()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('request', (request) => {
        if (!request.url().startsWith(base)) problems.push(`external request: ${request.url()}`);
      });
    });

    after(async () => {
      clearInterval(keeper);
      await browser?.close();
      clients?.close();
      if (server) assert.equal(await server.stop(), 0);
    });

    test('overview: serving state, version, cluster id, counts, database, and a drawn chart', async () => {
      // Two samples (2 s apart) give the first rate; wait so the chart has a line to draw.
      await sleep(4500);
      await open('/ui');
      const info = await call(clients.admin, 'GetServerInfo', {});
      const health = (await (await fetch(`${base}/health`)).json()) as { version: string };
      assert.equal(await field('cluster-id'), info.cluster_id);
      assert.equal(await field('version'), health.version);
      const tier = (t: string, col: number) =>
        page
          .locator(`#replicas-by-tier tr[data-tier="${t}"] td:nth-child(${col}) [data-value]`)
          .getAttribute('data-value');
      assert.match(await page.locator('.cards').innerText(), /SERVING/);
      assert.equal(await field('workers-total'), '4');
      assert.equal(
        await page
          .locator('#workers-by-state tr[data-state="ACTIVE"] [data-value]')
          .getAttribute('data-value'),
        '4',
      );
      assert.deepEqual(
        [
          await tier('GPU', 2),
          await tier('GPU', 3),
          await tier('RAM', 2),
          await tier('RAM', 3),
          await tier('DISK', 2),
          await tier('DISK', 3),
        ],
        ['1', '0', '5', '0', '0', '1'],
      );
      assert.equal(await field('replicas-total'), '7');
      assert.equal(await field('open-registrations'), '1');

      // The same figures as the admin API (tcgs.admin.v1.GlobalStoreAdmin/GetClusterStatus).
      const { status } = await call(clients.globalAdmin, 'GetClusterStatus', {});
      assert.equal(await field('cluster-id'), status.cluster_id);
      assert.equal(await field('version'), status.version);
      assert.equal(await field('workers-total'), String(status.worker_total));
      for (const s of status.workers_by_state as Message[]) {
        const state = String(s.state).replace('WORKER_STATE_', '');
        assert.equal(
          await page
            .locator(`#workers-by-state tr[data-state="${state}"] [data-value]`)
            .getAttribute('data-value'),
          String(s.count),
          state,
        );
      }
      for (const t of status.replicas_by_tier as Message[]) {
        const name = String(t.tier).replace('REPLICA_TIER_', '');
        assert.deepEqual(
          [await tier(name, 2), await tier(name, 3)],
          [String(t.available), String(t.unavailable)],
          name,
        );
      }
      assert.equal(await field('replicas-total'), String(status.replica_total));
      assert.equal(await field('artifacts'), String(status.artifact_total));
      assert.equal(await field('open-registrations'), String(status.open_registrations));
      const counts = await call(clients.runtime, 'BatchGetReplicaCounts', {
        artifact_ids: [artifact.artifactId, ...others.map((o) => o.artifactId)],
      });
      assert.equal(
        counts.counts.reduce((sum: number, c: Message) => sum + Number(c.replica_count), 0),
        7,
        'the page agrees with BatchGetReplicaCounts',
      );
      assert.match(await field('db-bytes'), /KiB|MiB/);
      // uPlot drew into a canvas, from /ui/throughput.json, and heartbeats are flowing.
      await page.locator('#throughput-chart .uplot canvas').waitFor({ timeout: 5000 });
      const series = (await (await fetch(`${base}/ui/throughput.json`)).json()) as {
        heartbeatsPerSecond: number[];
      };
      assert.ok(
        (series.heartbeatsPerSecond.at(-1) ?? 0) > 2,
        `heartbeats/s ${series.heartbeatsPerSecond.join(',')}`,
      );
      await shot('overview');
    });

    test('workers: every worker with its numbers; sort, state filter and paging in the URL', async () => {
      await open('/ui/workers');
      assert.equal(await page.locator('#workers tbody tr[data-worker-id]').count(), 4);
      // Each row shows what the admin API's ListWorkers reports for that worker.
      const listed = await call(clients.globalAdmin, 'ListWorkers', { page_size: 100 });
      assert.equal(Number(listed.total_size), 4);
      for (const w of listed.workers as Message[]) {
        const row = page.locator(`#workers tr[data-worker-id=${JSON.stringify(w.worker_id)}]`);
        const cells = await row.locator('td').allInnerTexts();
        assert.equal(cells[1], w.node_id);
        assert.equal(cells[2], `${w.node_address}:${w.grpc_port}`);
        assert.equal(cells[3], String(w.state).replace('WORKER_STATE_', ''));
        assert.equal(cells[6], String(w.replica_count));
        assert.equal(cells[7], String(w.state_version));
      }
      const betaRow = page.locator(`#workers tr[data-worker-id="${beta.worker_id}"]`);
      assert.equal(
        await betaRow
          .locator('[data-field="replica-count"] [data-value]')
          .getAttribute('data-value'),
        '5',
      );
      assert.match(await betaRow.innerText(), /1\.75 GiB \/ 2\.00 GiB/, 'memory pool used / total');
      assert.match(await betaRow.innerText(), /ms ago|\d s ago/);
      // The hostile node id is shown as text, never run.
      assert.match(await page.locator('#workers').innerText(), /<img src=x onerror=/);
      assert.notEqual(await page.title(), 'pwned');
      await shot('workers');

      await page.locator('#workers thead a', { hasText: 'Node' }).click();
      await page.waitForURL(/sort=node&order=asc/);
      await page.locator('#workers thead a', { hasText: 'Node' }).click();
      await page.waitForURL(/sort=node&order=desc/);
      const nodes = await columnTexts('#workers tbody tr td:nth-child(2)');
      assert.deepEqual(nodes.slice(0, 3), ['node-gamma', 'node-beta', 'node-alpha']);

      await page.locator('form.filters select[name="state"]').selectOption('ACTIVE');
      await page.waitForURL(/state=ACTIVE/);
      assert.equal(await page.locator('#workers tbody tr[data-worker-id]').count(), 4);

      await open('/ui/workers?sort=node&order=asc&size=3');
      assert.match(await page.locator('#workers-summary').innerText(), /Showing 1–3 of 4 workers/);
      await page.locator('a[rel="next"]').click();
      await page.waitForURL(/page=2/);
      assert.deepEqual(await columnTexts('#workers tbody tr td:nth-child(2)'), ['node-gamma']);
    });

    test('worker detail: its replicas and open registrations', async () => {
      await open(`/ui/workers/${encodeURIComponent(beta.worker_id)}`);
      assert.equal(await field('worker-id'), beta.worker_id);
      assert.equal(await page.locator('table.replicas tbody tr[data-replica-id]').count(), 5);
      const detail = await call(clients.globalAdmin, 'GetWorker', { worker_id: beta.worker_id });
      assert.deepEqual(
        (
          await page
            .locator('table.replicas tbody tr[data-replica-id]')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica-id')))
        ).sort(),
        (detail.replicas as Message[]).map((r) => r.replica_id).sort(),
        'the replicas GetWorker reports',
      );
      assert.deepEqual(
        (detail.open_registrations as Message[]).map((r) => r.registration_id),
        [registrationId],
      );
      assert.deepEqual(
        await page
          .locator('table.registrations tbody tr[data-registration-id]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-registration-id'))),
        [registrationId],
      );
      await shot('worker');
      await open(`/ui/workers/${encodeURIComponent(alpha.worker_id)}`);
      assert.equal(await page.locator('table.replicas tbody tr[data-replica-id]').count(), 2);
      assert.match(await page.locator('table.registrations').innerText(), /No open registrations/);
      await open('/ui/workers/worker_nobody');
      assert.match(await page.locator('main').innerText(), /no worker worker_nobody/);
    });

    test('replicas: filters from the URL and the form, keyset pages that cover every row once', async () => {
      await open('/ui/replicas?tier=GPU');
      assert.deepEqual(
        await page
          .locator('table.replicas tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica-id'))),
        [gpuReplica],
      );
      await open('/ui/replicas');
      await page.locator('form.filters select[name="availability"]').selectOption('unavailable');
      await page.waitForURL(/availability=unavailable/);
      assert.doesNotMatch(page.url(), /artifact=|node=/, 'empty filters stay out of the URL');
      assert.deepEqual(
        await page
          .locator('table.replicas tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica-id'))),
        [diskReplica],
      );
      await open(`/ui/replicas?artifact=${encodeURIComponent(artifact.artifactId)}&node=node-beta`);
      assert.deepEqual(
        await page
          .locator('table.replicas tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica-id'))),
        [ramReplica],
      );

      await open('/ui/replicas?size=3');
      const seen: string[] = [];
      for (let pageNo = 0; pageNo < 5; pageNo++) {
        const ids = await page
          .locator('table.replicas tbody tr[data-replica-id]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-replica-id') ?? ''));
        assert.ok(ids.length <= 3);
        seen.push(...ids);
        if (pageNo === 0) await shot('replicas');
        const next = page.locator('a[rel="next"]');
        if ((await next.count()) === 0) break;
        await next.click();
        await page.waitForURL(/after=/);
      }
      assert.equal(seen.length, 7);
      assert.equal(new Set(seen).size, 7, 'no row twice across pages');
      const adminReplicas = await call(clients.globalAdmin, 'ListReplicas', { page_size: 100 });
      assert.deepEqual(
        [...seen].sort(),
        (adminReplicas.replicas as Message[]).map((r) => r.replica_id).sort(),
        'the rows the admin API lists',
      );
      const listed = await call(clients.runtime, 'ListReplicasV2', { page_size: 100 });
      assert.equal(listed.replicas.length, 7, 'ListReplicasV2 agrees on the count');
    });

    test('artifact: descriptor, tensor index key, replicas in the order clients get them', async () => {
      await open(`/ui/artifacts/${encodeURIComponent(artifact.artifactId)}`);
      assert.equal(await field('artifact-id'), artifact.artifactId);
      assert.equal(await field('tensor-index-key'), sha256(artifact.indexData));
      const got = await call(clients.globalAdmin, 'GetArtifact', {
        artifact_id: artifact.artifactId,
      });
      assert.equal(await field('tensor-index-key'), got.artifact.tensor_index_key);
      assert.equal(await field('replica-count'), String(got.replicas.length));
      assert.match(await page.locator('#descriptor').innerText(), /encoding\s+json/);
      const rows = await page
        .locator('table.replicas tbody tr')
        .evaluateAll((trs) =>
          trs.map((r) => [
            r.getAttribute('data-replica-id'),
            r.querySelector('td')?.textContent?.trim(),
          ]),
        );
      assert.deepEqual(rows, [
        [gpuReplica, '1'],
        [ramReplica, '2'],
        [diskReplica, '—'],
      ]);
      // GetArtifactInfoById's MemoryInfo carries no replica id: compare tier and node, in order.
      const info = await call(clients.assembly, 'GetArtifactInfoById', {
        artifact_id: artifact.artifactId,
      });
      assert.deepEqual(
        info.replicas.map((r: Message) => `${r.memory_type} ${r.node_id}`),
        ['MEMORY_TYPE_GPU node-alpha', 'MEMORY_TYPE_RAM node-beta'],
        'the ranking is the one GetArtifactInfoById gives clients',
      );
      await shot('artifact');
      await open('/ui/artifacts/mi2%3Anope');
      assert.match(await page.locator('main').innerText(), /no artifact mi2:nope/);
    });

    test('registrations: the open lease with plan, coverage and time left', async () => {
      await open('/ui/registrations');
      const row = page.locator(`tr[data-registration-id="${registrationId}"]`);
      assert.equal(await row.count(), 1);
      const open_ = await call(clients.globalAdmin, 'ListOpenRegistrations', {});
      assert.deepEqual(
        await page
          .locator('table.registrations tbody tr[data-registration-id]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-registration-id'))),
        (open_.registrations as Message[]).map((r) => r.registration_id),
      );
      const text = await row.innerText();
      assert.match(text, /coalesced/i);
      assert.match(text, /0\.0%/);
      assert.match(text, /96 B/);
      assert.match(
        (await row.locator('[data-field="time-left"]').innerText()).trim(),
        /^\d+ (s|min \d+ s)$/,
      );
      await shot('registrations');
    });

    test('a worker that stops heartbeating shows up timed out after an auto-refresh, without a reload', async () => {
      await open('/ui/workers?sort=node&order=asc');
      const renderedAt = await page.locator('#content').getAttribute('data-rendered-at');
      heartbeating.delete(gamma.worker_id as string);
      const gammaState = page.locator(`#workers tr[data-worker-id="${gamma.worker_id}"] .badge`);
      await page.waitForFunction(
        (id) => {
          const badge = document.querySelector(`#workers tr[data-worker-id="${id}"] .badge`);
          return badge !== null && /TIMED_OUT|INACTIVE/.test(badge.textContent ?? '');
        },
        gamma.worker_id as string,
        { timeout: HEARTBEAT_TIMEOUT_MS + 12_000, polling: 250 },
      );
      assert.match((await gammaState.innerText()).trim(), /TIMED_OUT|INACTIVE/);
      assert.notEqual(await page.locator('#content').getAttribute('data-rendered-at'), renderedAt);
      assert.match(await page.locator('#refresh-status').innerText(), /Updated/);
      await open('/ui');
      assert.equal(await field('workers-total'), '4');
      const inactive = await page
        .locator(
          '#workers-by-state tr[data-state="INACTIVE"] [data-value], #workers-by-state tr[data-state="TIMED_OUT"] [data-value]',
        )
        .evaluateAll((cells) =>
          cells.reduce((sum, c) => sum + Number(c.getAttribute('data-value')), 0),
        );
      assert.equal(inactive, 1);
    });

    test('pausing auto-refresh keeps the page still until resumed', async () => {
      await open('/ui/workers');
      const toggle = page.locator('#refresh-toggle');
      await toggle.click();
      assert.equal(await toggle.innerText(), 'Resume auto-refresh');
      const renderedAt = await page.locator('#content').getAttribute('data-rendered-at');
      await sleep(6500);
      assert.equal(await page.locator('#content').getAttribute('data-rendered-at'), renderedAt);
      await toggle.click();
      await page.waitForFunction(
        (before) => document.getElementById('content')?.getAttribute('data-rendered-at') !== before,
        renderedAt,
        { timeout: 8000 },
      );
    });

    test('security headers on pages, assets and 404s; /health and /metrics unchanged', async () => {
      for (const path of [
        '/ui',
        '/ui/workers',
        '/ui/assets/dashboard.js',
        '/ui/no-such-page',
        '/ui/replicas?tier=NOPE',
      ]) {
        const response = await fetch(`${base}${path}`);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'none'/, path);
        assert.match(csp, /script-src 'self'(;|$)/, path);
        assert.match(csp, /style-src 'self'(;|$)/, path);
        assert.match(csp, /frame-ancestors 'none'/, path);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, path);
        assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
        assert.equal(response.headers.get('x-powered-by'), null, path);
        await response.arrayBuffer();
      }
      assert.equal((await fetch(`${base}/ui/no-such-page`)).status, 404);
      assert.equal((await fetch(`${base}/ui/replicas?tier=NOPE`)).status, 400);
      assert.equal((await fetch(`${base}/ui`, { method: 'POST' })).status, 404, 'read-only');
      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(Object.keys((await health.json()) as object), [
        'status',
        'version',
        'uptime_seconds',
      ]);
      assert.equal(health.headers.get('content-security-policy'), null, '/health is untouched');
      const metrics = await fetch(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^# HELP /m);
    });

    test('no script error, CSP violation or request to another origin on any page', () => {
      assert.deepEqual(problems, []);
    });
  },
);

describe('web dashboard disabled', () => {
  test('observability.dashboard.enabled: false means /ui is 404 and /health still answers', async () => {
    const dir = tempDir('tc-dash-off-');
    const server = await startGlobalStore(
      writeConfig(dir, testConfig({ observability: { dashboard: { enabled: false } } })),
    );
    try {
      const base = `http://127.0.0.1:${server.metricsPort}`;
      for (const path of ['/ui', '/ui/workers', '/ui/assets/dashboard.js']) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 404, path);
        assert.doesNotMatch(await response.text(), /TensorCast Global Store/, path);
      }
      assert.equal((await fetch(`${base}/health`)).status, 200);
      assert.equal((await fetch(`${base}/metrics`)).status, 200);
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});
