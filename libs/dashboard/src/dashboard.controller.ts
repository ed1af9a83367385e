import { Controller, Get, Header, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { DashboardAssets } from './dashboard-assets';
import { DashboardPages, RenderedPage } from './dashboard-pages.service';
import type { QueryInput } from './query-params';
import type { ThroughputSeries } from './throughput-sampler';

/** The slice of express' Response used here (keeps @types/express out of the build). */
interface PageResponse {
  status(code: number): PageResponse;
  setHeader(name: string, value: string): void;
  send(body: string | Buffer): void;
  end(): void;
}

/** Pages change every refresh and must never be served stale from a cache. */
const NO_STORE = 'no-store';

@Controller('ui')
export class DashboardController {
  constructor(
    private readonly pages: DashboardPages,
    private readonly assets: DashboardAssets,
  ) {}

  @Get()
  async overview(@Res() res: PageResponse): Promise<void> {
    send(res, await this.pages.overview());
  }

  @Get('workers')
  async workers(@Query() query: QueryInput, @Res() res: PageResponse): Promise<void> {
    send(res, await this.pages.workers(query));
  }

  @Get('workers/:id')
  async worker(
    @Param('id') id: string,
    @Query() query: QueryInput,
    @Res() res: PageResponse,
  ): Promise<void> {
    send(res, await this.pages.worker(id, query));
  }

  @Get('replicas')
  async replicas(@Query() query: QueryInput, @Res() res: PageResponse): Promise<void> {
    send(res, await this.pages.replicas(query));
  }

  @Get('artifacts/:id')
  async artifact(@Param('id') id: string, @Res() res: PageResponse): Promise<void> {
    send(res, await this.pages.artifact(id));
  }

  @Get('registrations')
  async registrations(@Query() query: QueryInput, @Res() res: PageResponse): Promise<void> {
    send(res, await this.pages.registrations(query));
  }

  @Get('throughput.json')
  @Header('Cache-Control', NO_STORE)
  throughput(): ThroughputSeries {
    return this.pages.throughput();
  }

  @Get('assets/:name')
  asset(
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() req: { path: string },
    @Res() res: PageResponse,
  ): void {
    const asset = this.assets.get(name);
    if (!asset) {
      send(res, this.pages.notFound(req.path));
      return;
    }
    res.setHeader('ETag', asset.etag);
    // Revalidated on each load: cheap (304) and a new server version is never hidden by a cache.
    res.setHeader('Cache-Control', 'no-cache');
    if (ifNoneMatch === asset.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', asset.contentType);
    res.status(200).send(asset.body);
  }

  @Get('*rest')
  unknown(@Req() req: { path: string }, @Res() res: PageResponse): void {
    send(res, this.pages.notFound(req.path));
  }
}

function send(res: PageResponse, page: RenderedPage): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', NO_STORE);
  res.status(page.status).send(page.html);
}
