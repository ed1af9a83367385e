#!/usr/bin/env node
// Proves the sqlite3 native addon loads, and builds it from source if it does not: npm may
// skip dependency install scripts (allow-scripts policy) or fail to fetch a prebuilt binary
// (no network but the registry). Runs as this package's postinstall and in CI.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function sqliteVersion() {
  try {
    const sqlite3 = require('sqlite3');
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(':memory:');
      db.get('SELECT sqlite_version() AS v', (error, row) => {
        db.close();
        if (error) reject(error);
        else resolve(row.v);
      });
    });
  } catch (error) {
    return Promise.reject(error);
  }
}

try {
  console.log(`sqlite3 native addon OK (SQLite ${await sqliteVersion()})`);
} catch (first) {
  console.log(
    `sqlite3 native addon missing (${first.message.split('\n')[0]}); building it from source`,
  );
  execSync('npm rebuild sqlite3 --foreground-scripts', { stdio: 'inherit' });
  for (const key of Object.keys(require.cache)) delete require.cache[key];
  console.log(`sqlite3 native addon OK after rebuild (SQLite ${await sqliteVersion()})`);
}
