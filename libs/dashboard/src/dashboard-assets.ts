import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/**
 * The static files the pages load, read once at startup and served from memory: the
 * dashboard's own script and style (libs/dashboard/assets) and uPlot from node_modules. No
 * CDN: a server without internet access shows the same dashboard.
 */
const FILES: Record<string, { from: 'own' | 'uplot'; name: string; contentType: string }> = {
  'dashboard.js': {
    from: 'own',
    name: 'dashboard.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'dashboard.css': { from: 'own', name: 'dashboard.css', contentType: 'text/css; charset=utf-8' },
  'uPlot.iife.min.js': {
    from: 'uplot',
    name: 'uPlot.iife.min.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'uPlot.min.css': { from: 'uplot', name: 'uPlot.min.css', contentType: 'text/css; charset=utf-8' },
};

function ownAssetsDir(): string {
  // Compiled code runs from dist/libs/dashboard/src; the assets stay in the source tree
  // (and the Docker image copies them beside dist).
  for (const up of ['../../../../libs/dashboard/assets', '../assets']) {
    const dir = join(__dirname, up);
    if (existsSync(join(dir, 'dashboard.js'))) return dir;
  }
  throw new Error(`dashboard assets not found near ${__dirname}`);
}

function uplotDir(): string {
  return dirname(require.resolve('uplot/package.json')) + '/dist';
}

@Injectable()
export class DashboardAssets {
  private readonly assets = new Map<string, Asset>();

  constructor() {
    const own = ownAssetsDir();
    const uplot = uplotDir();
    for (const [name, file] of Object.entries(FILES)) {
      const body = readFileSync(join(file.from === 'own' ? own : uplot, file.name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      this.assets.set(name, { body, contentType: file.contentType, etag });
    }
  }

  get(name: string): Asset | undefined {
    return this.assets.get(name);
  }
}
