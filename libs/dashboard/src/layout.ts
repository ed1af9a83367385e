import { SafeHtml, html } from './html';

export type Section = 'overview' | 'workers' | 'replicas' | 'registrations' | 'none';

export interface PageFrame {
  title: string;
  section: Section;
  /** Server time when the page was rendered (epoch ms). */
  renderedAt: number;
  body: SafeHtml;
  /** Overview only: loads the chart library. */
  chart?: boolean;
}

const NAV: { section: Section; href: string; label: string }[] = [
  { section: 'overview', href: '/ui', label: 'Overview' },
  { section: 'workers', href: '/ui/workers', label: 'Workers' },
  { section: 'replicas', href: '/ui/replicas', label: 'Replicas' },
  { section: 'registrations', href: '/ui/registrations', label: 'Registrations' },
];

/**
 * The page shell. No inline script or style anywhere (the CSP forbids both): behaviour comes
 * from /ui/assets/dashboard.js, which only enhances pages that already work without it.
 */
export function layout(frame: PageFrame): string {
  const iso = new Date(frame.renderedAt).toISOString();
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${frame.title} · TensorCast Global Store</title>
        <link rel="stylesheet" href="/ui/assets/dashboard.css" />
        ${frame.chart ? html`<link rel="stylesheet" href="/ui/assets/uPlot.min.css" />` : ''}
        <script src="/ui/assets/dashboard.js" defer></script>
        ${frame.chart ? html`<script src="/ui/assets/uPlot.iife.min.js" defer></script>` : ''}
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/ui">TensorCast Global Store</a>
          <nav>
            ${NAV.map(
              (item) =>
                html`<a
                  href="${item.href}"
                  ${item.section === frame.section ? html` aria-current="page"` : ''}
                  >${item.label}</a
                >`,
            )}
          </nav>
          <div class="refresh">
            <span id="refresh-status" role="status"
              >Rendered
              <time id="rendered-at" datetime="${iso}">${iso.slice(11, 19)} UTC</time></span
            >
            <button type="button" id="refresh-toggle" hidden>Pause auto-refresh</button>
          </div>
        </header>
        <main id="content" data-rendered-at="${frame.renderedAt}">
          <h1>${frame.title}</h1>
          ${frame.body}
        </main>
        <footer>
          Read-only view of the admin API. Served by the Global Store itself; no external resources.
        </footer>
      </body>
    </html> `.value;
}
