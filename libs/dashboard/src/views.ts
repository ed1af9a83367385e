import {
  ArtifactDetail,
  ClusterOverview,
  RegistrationRow,
  ReplicaPageView,
  ReplicaQuery,
  ReplicaRow,
  SortOrder,
  StandbyNotice,
  WorkerPage,
  WorkerQuery,
  WorkerRow,
  WorkerSortKey,
} from './dashboard-queries';
import { formatBytes, formatCount, formatDuration, formatRate, formatTime } from './format';
import { SafeHtml, html, pathSegment, queryString } from './html';
import { ThroughputSeries } from './throughput-sampler';

export const TIERS = ['GPU', 'RAM', 'DISK'] as const;
export const AVAILABILITIES = ['available', 'unavailable'] as const;

function workerLink(workerId: string): SafeHtml {
  return html`<a href="/ui/workers/${pathSegment(workerId)}">${workerId}</a>`;
}

function artifactLink(artifactId: string): SafeHtml {
  // Content-addressed ids run past 100 characters: the cell truncates, the title has it all.
  return html`<a href="/ui/artifacts/${pathSegment(artifactId)}" title="${artifactId}"
    >${artifactId}</a
  >`;
}

function num(n: number | undefined, field?: string): SafeHtml {
  return html`<span class="num" ${field ? html` data-field="${field}"` : ''} data-value="${n ?? ''}"
    >${formatCount(n)}</span
  >`;
}

function empty(colspan: number, text: string): SafeHtml {
  return html`<tr class="empty">
    <td colspan="${colspan}">${text}</td>
  </tr>`;
}

function stateBadge(state: string): SafeHtml {
  return html`<span class="badge state-${state.toLowerCase().replace(/[^a-z0-9-]/g, '')}"
    >${state}</span
  >`;
}

// ---------------------------------------------------------------- overview

export function overviewView(o: ClusterOverview, series: ThroughputSeries, now: number): SafeHtml {
  const workerStates = Object.entries(o.workersByState);
  const workerTotal = workerStates.reduce((sum, [, n]) => sum + n, 0);
  const replicaAvailable = o.replicasByTier.reduce((sum, t) => sum + t.available, 0);
  const replicaUnavailable = o.replicasByTier.reduce((sum, t) => sum + t.unavailable, 0);
  const lastHeartbeats = series.heartbeatsPerSecond.at(-1);
  const lastWrites = series.writesPerSecond.at(-1);
  const postgres = o.databaseFile?.startsWith('postgres://') ?? false;
  return html` <section class="cards">
      <div class="card">
        <h2>Serving state</h2>
        <p class="big">${stateBadge(o.servingState)}</p>
      </div>
      <div class="card">
        <h2>Version</h2>
        <p class="big" data-field="version">${o.version}</p>
      </div>
      <div class="card">
        <h2>Uptime</h2>
        <p
          class="big"
          data-field="uptime"
          title="started ${formatTime(now - o.uptimeSeconds * 1000)}"
        >
          ${formatDuration(o.uptimeSeconds * 1000)}
        </p>
      </div>
      <div class="card">
        <h2>Cluster id</h2>
        <p class="big mono" data-field="cluster-id">${o.clusterId || '—'}</p>
      </div>
      ${
        o.leader === undefined
          ? ''
          : html`<div class="card">
              <h2>Leader</h2>
              <p class="big mono">${o.leader}</p>
            </div>`
      }
      <div class="card">
        <h2>Artifacts</h2>
        <p class="big">${num(o.artifacts, 'artifacts')}</p>
      </div>
      <div class="card">
        <h2>Open registrations</h2>
        <p class="big">
          <a href="/ui/registrations">${num(o.openRegistrations, 'open-registrations')}</a>
        </p>
      </div>
    </section>
    <section class="grid2">
      <div>
        <h2>Workers by state</h2>
        <table class="compact" id="workers-by-state">
          <thead>
            <tr>
              <th>State</th>
              <th class="num">Workers</th>
            </tr>
          </thead>
          <tbody>
            ${
              workerStates.length === 0
                ? empty(2, 'No workers have registered yet.')
                : workerStates.map(
                    ([state, n]) =>
                      html`<tr data-state="${state}">
                        <td>
                          <a href="/ui/workers${queryString({ state })}">${stateBadge(state)}</a>
                        </td>
                        <td class="num">${num(n)}</td>
                      </tr>`,
                  )
            }
          </tbody>
          <tfoot>
            <tr>
              <th>Total</th>
              <td class="num">${num(workerTotal, 'workers-total')}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div>
        <h2>Replicas by tier × availability</h2>
        <table class="compact" id="replicas-by-tier">
          <thead>
            <tr>
              <th>Tier</th>
              <th class="num">Available</th>
              <th class="num">Unavailable</th>
              <th class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            ${
              o.replicasByTier.length === 0
                ? empty(4, 'No replicas are registered.')
                : o.replicasByTier.map(
                    (t) =>
                      html`<tr data-tier="${t.tier}">
                        <th>
                          <a href="/ui/replicas${queryString({ tier: t.tier })}">${t.tier}</a>
                        </th>
                        <td class="num">
                          <a
                            href="/ui/replicas${queryString({ tier: t.tier, availability: 'available' })}"
                            >${num(t.available)}</a
                          >
                        </td>
                        <td class="num">
                          <a
                            href="/ui/replicas${queryString({ tier: t.tier, availability: 'unavailable' })}"
                            >${num(t.unavailable)}</a
                          >
                        </td>
                        <td class="num">${num(t.available + t.unavailable)}</td>
                      </tr>`,
                  )
            }
          </tbody>
          <tfoot>
            <tr>
              <th>All tiers</th>
              <td class="num">${num(replicaAvailable, 'replicas-available')}</td>
              <td class="num">${num(replicaUnavailable, 'replicas-unavailable')}</td>
              <td class="num">${num(replicaAvailable + replicaUnavailable, 'replicas-total')}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
    <section class="grid2">
      <div>
        <h2>Database and writes</h2>
        <dl class="facts" id="database">
          <dt>Database file</dt>
          <dd data-field="db-bytes" ${o.databaseFile ? html` title="${o.databaseFile}"` : ''}>
            ${o.databaseFile === '' ? 'in-memory (nothing on disk)' : postgres ? html`PostgreSQL <code>${o.databaseFile}</code>` : o.databaseBytes === undefined ? 'not reported' : formatBytes(o.databaseBytes)}
          </dd>
          <dt>Write-ahead log</dt>
          <dd data-field="wal-bytes">
            ${o.databaseFile === '' || postgres ? '—' : o.walBytes === undefined ? 'not reported' : formatBytes(o.walBytes)}
          </dd>
          <dt>Write queue depth</dt>
          <dd data-field="queue-depth">
            ${o.writeQueueDepth === undefined ? 'not reported' : formatCount(o.writeQueueDepth)}
          </dd>
          <dt>Write throughput</dt>
          <dd data-field="write-throughput">
            ${o.writesPerSecond === undefined ? 'not reported' : formatRate(o.writesPerSecond)}
          </dd>
          <dt>Commit latency</dt>
          <dd data-field="commit-latency">
            ${o.commitLatencyMs === undefined ? 'not reported' : `${o.commitLatencyMs.toFixed(2)} ms`}
          </dd>
        </dl>
      </div>
      <div>
        <h2>
          Heartbeats and writes per second, last
          ${Math.round((series.t.length * series.intervalSeconds) / 60) || 1} min
        </h2>
        <div
          id="throughput-chart"
          class="chart"
          data-series-url="/ui/throughput.json"
          aria-label="heartbeats and writes per second"
        >
          <p class="chart-fallback">
            ${series.t.length === 0 ? 'Collecting samples: the chart fills in over the next seconds.' : html`Latest: <span data-field="heartbeats-rate">${formatRate(lastHeartbeats)}</span> heartbeats, <span data-field="writes-rate">${formatRate(lastWrites)}</span> writes (sampled every ${series.intervalSeconds} s).`}
          </p>
        </div>
      </div>
    </section>`;
}

// ---------------------------------------------------------------- workers

const WORKER_COLUMNS: { key: WorkerSortKey; label: string; numeric?: boolean }[] = [
  { key: 'worker', label: 'Worker' },
  { key: 'node', label: 'Node' },
  { key: 'address', label: 'Address' },
  { key: 'state', label: 'State' },
  { key: 'heartbeat', label: 'Last heartbeat', numeric: true },
  { key: 'memory', label: 'Memory pool used / total', numeric: true },
  { key: 'replicas', label: 'Replicas', numeric: true },
  { key: 'version', label: 'State version', numeric: true },
];

export function workerCells(w: WorkerRow, now: number): SafeHtml {
  const used = w.memPoolTotal - w.memPoolAvailable;
  return html`<td class="mono">${w.nodeId}</td>
    <td class="mono">${w.address}</td>
    <td>${stateBadge(w.state)}</td>
    <td class="num" title="${formatTime(w.lastHeartbeatAt)}" data-field="heartbeat-age">
      ${w.lastHeartbeatAt > 0 ? `${formatDuration(now - w.lastHeartbeatAt)} ago` : 'never'}
    </td>
    <td class="num" title="${used} / ${w.memPoolTotal} bytes">
      ${formatBytes(used)} / ${formatBytes(w.memPoolTotal)}
    </td>
    <td class="num" data-field="replica-count">${num(w.replicaCount)}</td>
    <td class="num">${num(w.stateVersion)}</td>`;
}

export function workersView(
  page: WorkerPage,
  query: WorkerQuery,
  states: readonly string[],
  now: number,
): SafeHtml {
  const base = { state: query.state, sort: query.sort, order: query.order, size: query.limit };
  const sortLink = (key: WorkerSortKey): SafeHtml => {
    const active = query.sort === key;
    const order: SortOrder = active && query.order === 'asc' ? 'desc' : 'asc';
    const arrow = active ? (query.order === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<a
      href="/ui/workers${queryString({ ...base, sort: key, order, page: undefined })}"
      ${active ? html` aria-sort="${query.order === 'asc' ? 'ascending' : 'descending'}"` : ''}
      >${WORKER_COLUMNS.find((c) => c.key === key)?.label}${arrow}</a
    >`;
  };
  const pageNumber = Math.floor(query.offset / query.limit) + 1;
  const pages = Math.max(1, Math.ceil(page.total / query.limit));
  const first = page.total === 0 ? 0 : query.offset + 1;
  const last = query.offset + page.workers.length;
  return html` <form class="filters" method="get" action="/ui/workers" data-autosubmit>
      <label
        >State
        <select name="state">
          <option value="">all states</option>
          ${states.map((s) => html`<option value="${s}" ${s === query.state ? html` selected` : ''}>${s}</option>`)}
        </select>
      </label>
      <input type="hidden" name="sort" value="${query.sort}" />
      <input type="hidden" name="order" value="${query.order}" />
      <button type="submit">Filter</button>
      ${query.state ? html`<a href="/ui/workers">clear filter</a>` : ''}
    </form>
    <p class="summary" id="workers-summary" data-total="${page.total}">
      ${page.total === 0 ? (query.state ? `No workers in state ${query.state}.` : 'No workers have registered yet.') : `Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(page.total)} workers${query.state ? ` in state ${query.state}` : ''}.`}
    </p>
    <table id="workers">
      <thead>
        <tr>
          ${WORKER_COLUMNS.map((c) => html`<th${c.numeric ? html` class="num"` : ''}>${sortLink(c.key)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${
          page.workers.length === 0
            ? empty(8, 'Nothing to show.')
            : page.workers.map(
                (w) =>
                  html`<tr data-worker-id="${w.workerId}">
                    <td class="mono">${workerLink(w.workerId)}</td>
                    ${workerCells(w, now)}
                  </tr>`,
              )
        }
      </tbody>
    </table>
    ${pager(
      pageNumber > 1 ? `/ui/workers${queryString({ ...base, page: pageNumber - 1 })}` : undefined,
      pageNumber < pages
        ? `/ui/workers${queryString({ ...base, page: pageNumber + 1 })}`
        : undefined,
      `Page ${pageNumber} of ${pages}`,
    )}`;
}

function pager(prev: string | undefined, next: string | undefined, label: string): SafeHtml {
  return html`<nav class="pager" aria-label="pages">
    ${prev ? html`<a rel="prev" href="${prev}">← Previous</a>` : html`<span class="disabled">← Previous</span>`}
    <span>${label}</span>
    ${next ? html`<a rel="next" href="${next}">Next →</a>` : html`<span class="disabled">Next →</span>`}
  </nav>`;
}

export function workerDetailView(
  w: WorkerRow,
  replicas: ReplicaPageView,
  replicaQuery: ReplicaQuery,
  registrations: readonly RegistrationRow[],
  moreRegistrations: boolean,
  now: number,
): SafeHtml {
  const used = w.memPoolTotal - w.memPoolAvailable;
  return html` <dl class="facts" id="worker">
      <dt>Worker id</dt>
      <dd class="mono" data-field="worker-id">${w.workerId}</dd>
      <dt>Node</dt>
      <dd class="mono">${w.nodeId}</dd>
      <dt>Address</dt>
      <dd class="mono">${w.address}</dd>
      <dt>State</dt>
      <dd data-field="state">${stateBadge(w.state)}</dd>
      <dt>Last heartbeat</dt>
      <dd>
        ${w.lastHeartbeatAt > 0 ? `${formatDuration(now - w.lastHeartbeatAt)} ago (${formatTime(w.lastHeartbeatAt)})` : 'never'}
      </dd>
      <dt>Memory pool</dt>
      <dd>${formatBytes(used)} used of ${formatBytes(w.memPoolTotal)}</dd>
      <dt>Replicas</dt>
      <dd>${num(w.replicaCount, 'replica-count')}</dd>
      <dt>State version</dt>
      <dd>${num(w.stateVersion)}</dd>
    </dl>
    <h2>Replicas held</h2>
    ${replicaTable(replicas.replicas, false)}
    ${keysetPager(`/ui/workers/${pathSegment(w.workerId)}`, {}, replicaQuery, replicas)}
    <h2>Open registrations</h2>
    ${registrationTable(registrations, now)}
    ${moreRegistrations ? html`<p class="summary"><a href="/ui/registrations${queryString({ worker: w.workerId })}">All open registrations of this worker →</a></p>` : ''}`;
}

// ---------------------------------------------------------------- replicas

/**
 * With `ranked`, rows come in the order clients get them: available replicas are numbered,
 * unavailable ones (never offered to a reader) follow without a rank.
 */
export function replicaTable(rows: readonly ReplicaRow[], ranked: boolean): SafeHtml {
  // The artifact page is about one artifact: its column would repeat the page title.
  const showArtifact = !ranked;
  const cols = 8;
  let rank = 0;
  const rankCell = (r: ReplicaRow): SafeHtml =>
    r.available
      ? html`<td class="num" data-field="rank">${++rank}</td>`
      : html`<td class="num" title="not offered to clients">—</td>`;
  return html`<table class="replicas">
    <thead>
      <tr>
        ${ranked ? html`<th class="num">Rank</th>` : ''}
        <th>Replica</th>
        ${showArtifact ? html`<th>Artifact</th>` : ''}
        <th>Worker</th>
        <th>Node / address</th>
        <th>Tier</th>
        <th class="num">Size</th>
        <th>Availability</th>
        <th class="num">Requests</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? empty(cols, 'No replicas match.')
          : rows.map(
              (r) =>
                html`<tr data-replica-id="${r.replicaId}">
                  ${ranked ? rankCell(r) : ''}
                  <td class="mono nowrap">${r.replicaId}</td>
                  ${showArtifact ? html`<td class="mono id">${artifactLink(r.artifactId)}</td>` : ''}
                  <td class="mono">${workerLink(r.workerId)}</td>
                  <td class="mono">${r.nodeId}<br /><small>${r.address}</small></td>
                  <td>${r.tier}${r.tier === 'GPU' ? html` <small>#${r.deviceId}</small>` : ''}</td>
                  <td class="num" title="${r.sizeBytes} bytes">${formatBytes(r.sizeBytes)}</td>
                  <td>
                    ${r.available ? html`<span class="badge ok">available</span>` : html`<span class="badge bad">unavailable</span>`}
                  </td>
                  <td class="num">${r.currentRequests} / ${r.maxConcurrency}</td>
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

function keysetPager(
  path: string,
  filters: Record<string, string | undefined>,
  query: ReplicaQuery,
  page: ReplicaPageView,
): SafeHtml {
  const size = query.limit;
  return html`<nav class="pager" aria-label="pages">
    ${query.pageToken ? html`<a href="${path}${queryString({ ...filters, size })}">⇤ First page</a>` : html`<span class="disabled">⇤ First page</span>`}
    <span
      >${page.total === undefined ? `${page.replicas.length} rows` : `${formatCount(page.replicas.length)} of ${formatCount(page.total)} rows`}</span
    >
    ${page.nextPageToken ? html`<a rel="next" href="${path}${queryString({ ...filters, size, after: page.nextPageToken })}">Next →</a>` : html`<span class="disabled">Next →</span>`}
  </nav>`;
}

export function replicasView(page: ReplicaPageView, query: ReplicaQuery): SafeHtml {
  const filters = {
    artifact: query.artifactId,
    node: query.nodeId,
    tier: query.tier,
    availability: query.availability,
  };
  const anyFilter = Object.values(filters).some((v) => v !== undefined);
  return html` <form class="filters" method="get" action="/ui/replicas" data-autosubmit>
      <label
        >Artifact
        <input
          type="text"
          name="artifact"
          value="${query.artifactId ?? ''}"
          placeholder="artifact id"
          size="28"
      /></label>
      <label
        >Node
        <input
          type="text"
          name="node"
          value="${query.nodeId ?? ''}"
          placeholder="node id"
          size="18"
      /></label>
      <label
        >Tier
        <select name="tier">
          <option value="">any</option>
          ${TIERS.map((t) => html`<option${t === query.tier ? html` selected` : ''}>${t}</option>`)}
        </select>
      </label>
      <label
        >Availability
        <select name="availability">
          <option value="">any</option>
          ${AVAILABILITIES.map((a) => html`<option${a === query.availability ? html` selected` : ''}>${a}</option>`)}
        </select>
      </label>
      <input type="hidden" name="size" value="${query.limit}" />
      <button type="submit">Filter</button>
      ${anyFilter ? html`<a href="/ui/replicas">clear filters</a>` : ''}
    </form>
    <p class="summary" id="replicas-summary" data-total="${page.total ?? ''}">
      ${page.replicas.length === 0 && !query.pageToken ? (anyFilter ? 'No replicas match these filters.' : 'No replicas are registered.') : page.total === undefined ? `${formatCount(page.replicas.length)} replicas on this page.` : `${formatCount(page.total)} replicas match${anyFilter ? ' these filters' : ''}; ${formatCount(page.replicas.length)} on this page.`}
    </p>
    ${replicaTable(page.replicas, false)} ${keysetPager('/ui/replicas', filters, query, page)}`;
}

// ---------------------------------------------------------------- artifact

export function artifactView(a: ArtifactDetail): SafeHtml {
  const entries = Object.entries(a.descriptor);
  return html` <dl class="facts" id="artifact">
      <dt>Artifact id</dt>
      <dd class="mono" data-field="artifact-id">${a.artifactId}</dd>
      <dt>Tensor index key</dt>
      <dd class="mono" data-field="tensor-index-key">${a.tensorIndexKey || 'none'}</dd>
      <dt>Replicas</dt>
      <dd>
        ${num(a.rankedReplicas.length, 'replica-count')} ·
        <a href="/ui/replicas${queryString({ artifact: a.artifactId })}">filter the replica list</a>
      </dd>
    </dl>
    <h2>Descriptor</h2>
    ${
      entries.length === 0
        ? html`<p class="summary">No descriptor stored for this artifact.</p>`
        : html`<table class="compact" id="descriptor">
            <tbody>
              ${entries.map(
                ([key, value]) =>
                  html`<tr>
                    <th class="mono">${key}</th>
                    <td>
                      <pre class="value">
${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>Replicas, in the order clients get them</h2>
    ${replicaTable(a.rankedReplicas, true)}`;
}

// ---------------------------------------------------------------- registrations

export function registrationTable(rows: readonly RegistrationRow[], now: number): SafeHtml {
  return html`<table class="registrations">
    <thead>
      <tr>
        <th>Registration</th>
        <th>Worker</th>
        <th>Tensor index key</th>
        <th>Plan</th>
        <th>Coverage</th>
        <th class="num">Time left</th>
        <th>Opened</th>
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? empty(7, 'No open registrations.')
          : rows.map((r) => {
              const pct =
                r.totalBytes > 0 ? Math.min(100, (r.coveredBytes / r.totalBytes) * 100) : 0;
              const left = r.expiresAt - now;
              return html`<tr data-registration-id="${r.registrationId}">
                <td class="mono">${r.registrationId}</td>
                <td class="mono">${workerLink(r.workerId)}</td>
                <td class="mono" title="${r.tensorIndexKey}">
                  ${r.tensorIndexKey ? `${r.tensorIndexKey.slice(0, 16)}…` : '—'}
                </td>
                <td>${r.plan}</td>
                <td>
                  <meter min="0" max="100" value="${pct.toFixed(1)}"></meter>
                  <span data-field="coverage">${pct.toFixed(1)}%</span>
                  <small>${formatBytes(r.coveredBytes)} of ${formatBytes(r.totalBytes)}</small>
                </td>
                <td class="num" data-field="time-left">
                  ${r.expiresAt <= 0 ? 'unknown' : left > 0 ? formatDuration(left) : 'expiring'}
                </td>
                <td>${formatTime(r.createdAt)}</td>
              </tr>`;
            })
      }
    </tbody>
  </table>`;
}

export function registrationsView(
  rows: readonly RegistrationRow[],
  total: number | undefined,
  workerFilter: string | undefined,
  next: string | undefined,
  now: number,
): SafeHtml {
  return html` <p class="summary" id="registrations-summary" data-total="${total ?? ''}">
      ${rows.length === 0 ? (workerFilter ? `Worker ${workerFilter} has no open registrations.` : 'No open registrations.') : `${formatCount(total ?? rows.length)} open registration${(total ?? rows.length) === 1 ? '' : 's'}${workerFilter ? ` of worker ${workerFilter}` : ''}.`}${workerFilter ? html` <a href="/ui/registrations">show all</a>` : ''}
    </p>
    ${registrationTable(rows, now)}
    ${next ? html`<nav class="pager"><a rel="next" href="${next}">Next →</a></nav>` : ''}`;
}

// ---------------------------------------------------------------- errors

export function messageView(text: string, detail?: string): SafeHtml {
  return html`<div class="message" role="alert">
    <p>${text}</p>
    ${detail ? html`<pre>${detail}</pre>` : ''}
    <p><a href="/ui">Back to the overview</a></p>
  </div>`;
}

/** Every page of an instance that is not the leader (high availability). */
export function standbyView(notice: StandbyNotice): SafeHtml {
  const leader = notice.leader;
  return html`<div class="message" role="alert" data-field="standby">
    <p>
      ${
        notice.role === 'DEPOSED'
          ? html`This Global Store instance (<code>${notice.instanceId}</code>) lost its leader
            lease and is rejoining as a standby.`
          : html`This Global Store instance (<code>${notice.instanceId}</code>) is a standby.`
      }
      It holds no cluster state in memory and answers no RPCs until it takes over the leader lease,
      so it has nothing to show here.
    </p>
    <p data-field="leader">
      ${
        leader === undefined
          ? 'No leader is known yet: the lease row in the database names none.'
          : html`The leader is <code>${leader.holder}</code> at
              <code>${leader.address}</code> (epoch ${String(leader.epoch)}), as the lease row in
              the database names it. Open the dashboard of that instance for the cluster's state.`
      }
    </p>
  </div>`;
}
