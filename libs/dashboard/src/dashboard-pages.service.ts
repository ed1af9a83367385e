import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '../../common/src';
import {
  DASHBOARD_QUERIES,
  DashboardNotFound,
  DashboardQueries,
  ReplicaQuery,
  SortOrder,
  WORKER_SORT_KEYS,
  WorkerQuery,
} from './dashboard-queries';
import { SafeHtml, queryString } from './html';
import { Section, layout } from './layout';
import {
  DashboardBadRequest,
  QueryInput,
  integerParam,
  optionalChoice,
  optionalText,
} from './query-params';
import { ThroughputSampler, ThroughputSeries } from './throughput-sampler';
import {
  AVAILABILITIES,
  TIERS,
  artifactView,
  messageView,
  overviewView,
  registrationsView,
  replicasView,
  standbyView,
  workerDetailView,
  workersView,
} from './views';

export interface RenderedPage {
  status: number;
  html: string;
}

export const DEFAULT_PAGE_SIZE = 50;
/** Bounds what one page asks of the admin service, whatever a hand-edited URL says. */
export const MAX_PAGE_SIZE = 500;
const ORDERS: readonly SortOrder[] = ['asc', 'desc'];
const WORKER_DETAIL_REGISTRATIONS = 50;

/**
 * Turns a page request into admin queries and HTML. Each page asks only for the rows it shows
 * (server-side paging), so a page costs the same at 10 workers as at 10k, and at 1M replicas.
 */
@Injectable()
export class DashboardPages {
  private readonly logger = new Logger('Dashboard');

  constructor(
    @Inject(DASHBOARD_QUERIES) private readonly queries: DashboardQueries,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sampler: ThroughputSampler,
  ) {}

  throughput(): ThroughputSeries {
    return this.sampler.series();
  }

  overview(): Promise<RenderedPage> {
    return this.page(
      'Overview',
      'overview',
      async (now) => {
        const status = await this.queries.overview();
        return overviewView(status, this.sampler.series(), now);
      },
      true,
    );
  }

  workers(query: QueryInput): Promise<RenderedPage> {
    return this.page('Workers', 'workers', async (now) => {
      const limit = integerParam(query, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
      const pageNumber = integerParam(query, 'page', 1, 1, 1_000_000);
      const workerQuery: WorkerQuery = {
        state: optionalText(query, 'state', 64),
        sort: optionalChoice(query, 'sort', WORKER_SORT_KEYS) ?? 'worker',
        order: optionalChoice(query, 'order', ORDERS) ?? 'asc',
        offset: (pageNumber - 1) * limit,
        limit,
      };
      // The state list comes with the page: the cluster status (a count over every replica)
      // would cost more than the page itself at scale.
      const page = await this.queries.workers(workerQuery);
      const states = [...page.states];
      if (workerQuery.state && !states.includes(workerQuery.state)) states.push(workerQuery.state);
      return workersView(page, workerQuery, states, now);
    });
  }

  worker(workerId: string, query: QueryInput): Promise<RenderedPage> {
    return this.page(`Worker ${workerId}`, 'workers', async (now) => {
      const replicaQuery: ReplicaQuery = {
        workerId,
        limit: integerParam(query, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        pageToken: optionalText(query, 'after', 2048),
      };
      const detail = await this.queries.worker(workerId);
      const replicas = await this.queries.replicas(replicaQuery);
      return workerDetailView(
        detail.worker,
        replicas,
        replicaQuery,
        detail.openRegistrations.slice(0, WORKER_DETAIL_REGISTRATIONS),
        detail.openRegistrations.length > WORKER_DETAIL_REGISTRATIONS,
        now,
      );
    });
  }

  replicas(query: QueryInput): Promise<RenderedPage> {
    return this.page('Replicas', 'replicas', async () => {
      const replicaQuery: ReplicaQuery = {
        artifactId: optionalText(query, 'artifact'),
        nodeId: optionalText(query, 'node', 255),
        tier: optionalChoice(query, 'tier', TIERS),
        availability: optionalChoice(query, 'availability', AVAILABILITIES),
        limit: integerParam(query, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
        pageToken: optionalText(query, 'after', 2048),
      };
      return replicasView(await this.queries.replicas(replicaQuery), replicaQuery);
    });
  }

  artifact(artifactId: string): Promise<RenderedPage> {
    return this.page(`Artifact ${artifactId}`, 'none', async () =>
      artifactView(await this.queries.artifact(artifactId)),
    );
  }

  registrations(query: QueryInput): Promise<RenderedPage> {
    return this.page('Open registrations', 'registrations', async (now) => {
      const workerId = optionalText(query, 'worker', 255);
      const limit = integerParam(query, 'size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
      const page = await this.queries.registrations({
        workerId,
        limit,
        pageToken: optionalText(query, 'after', 2048),
      });
      const next = page.nextPageToken
        ? `/ui/registrations${queryString({ worker: workerId, size: limit, after: page.nextPageToken })}`
        : undefined;
      return registrationsView(page.registrations, page.total, workerId, next, now);
    });
  }

  notFound(path: string): RenderedPage {
    return {
      status: 404,
      html: layout({
        title: 'Not found',
        section: 'none',
        renderedAt: this.clock.now(),
        body: messageView(`There is no dashboard page at ${path}.`),
      }),
    };
  }

  /**
   * Renders one page, turning failures into honest pages: a bad parameter is a 400 naming it,
   * an unknown id a 404, and a failing admin query a 503 that says the data could not be read
   * (never a page of zeros that looks like an empty cluster).
   */
  private async page(
    title: string,
    section: Section,
    body: (now: number) => Promise<SafeHtml>,
    chart = false,
  ): Promise<RenderedPage> {
    const now = this.clock.now();
    const standby = this.queries.standby();
    if (standby !== undefined) {
      // 503 like /health: this instance does not serve, and its empty memory is no answer.
      return {
        status: 503,
        html: layout({ title, section, renderedAt: now, body: standbyView(standby) }),
      };
    }
    try {
      return {
        status: 200,
        html: layout({ title, section, renderedAt: now, body: await body(now), chart }),
      };
    } catch (error) {
      if (error instanceof DashboardBadRequest) {
        return this.errorPage(400, title, section, now, `Bad query parameter: ${error.message}`);
      }
      if (error instanceof DashboardNotFound) {
        return this.errorPage(404, title, section, now, error.message);
      }
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.warn(`${title}: admin query failed: ${detail}`);
      return this.errorPage(
        503,
        title,
        section,
        now,
        'The admin API could not answer this page.',
        detail,
      );
    }
  }

  private errorPage(
    status: number,
    title: string,
    section: Section,
    now: number,
    text: string,
    detail?: string,
  ): RenderedPage {
    return {
      status,
      html: layout({ title, section, renderedAt: now, body: messageView(text, detail) }),
    };
  }
}
