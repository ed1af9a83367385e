// The entry of dist/global-store.js (bin/bundle-server.mjs builds it beside the bundle): runs
// the bundled server, dist/global-store.bundle.js, through its V8 code cache (code-cache.ts).
// Imported first: on Node >= 22.1 the packages the bundle still requires at run time (sqlite3,
// pg) come from Node's compile cache.
import './compile-cache';
import { join } from 'node:path';
import { loadBundle } from './code-cache';

loadBundle(join(__dirname, 'global-store.bundle.js'));
