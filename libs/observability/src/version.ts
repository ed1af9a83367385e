import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function readVersion(): string {
  // Compiled code sits at dist/libs/observability/src; package.json is at the repo root.
  for (const up of ['../../../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'tensorcast-global-store' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0-unknown';
}

export const VERSION = readVersion();
