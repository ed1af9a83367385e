#!/usr/bin/env node
// Bundles the compiled server into one CommonJS file, dist/global-store.bundle.js, and writes
// its entry, dist/global-store.js, which is what `npm start`, bin/tensorcast, the Docker image,
// the tests and the benchmarks run: the entry loads the bundle through its V8 code cache
// (apps/global-store/src/code-cache.ts). Node then reads and compiles one file instead of
// resolving and compiling ~2,200 (Nest, TypeORM, grpc-js and ours), and a start is mostly
// module loading (docs/scale.md, "Start and restart").
//   node bin/bundle-server.mjs     after tsc (npm run build / build:test run both)
// The input is tsc's output, not the TypeScript sources: tsc has already emitted the decorator
// metadata Nest's injection reads (esbuild does not emit it from TypeScript).
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const compiled = join(repoRoot, 'dist', 'apps', 'global-store', 'src');
const outfile = join(repoRoot, 'dist', 'global-store.bundle.js');
const entryOutfile = join(repoRoot, 'dist', 'global-store.js');
const outDir = dirname(outfile);

/**
 * Left to Node's require at run time:
 * - sqlite3: a native addon (its .node file is found relative to its own package);
 * - the optional packages Nest loads with loadPackage() only when a feature needs them (other
 *   microservice transports, websockets): not installed, and they must stay runtime requires
 *   so Nest reports them as it does unbundled. A new one fails this build by name.
 * - uplot/package.json: require.resolve'd by the dashboard to find uPlot's files.
 * TypeORM and pg load their database drivers with require(variable), which esbuild leaves alone.
 */
const external = [
  'sqlite3',
  '@nestjs/websockets/socket-module',
  'amqp-connection-manager',
  'amqplib',
  'ioredis',
  'kafkajs',
  'mqtt',
  'nats',
  'uplot/package.json',
];

/** `join(<bundle's folder>, rel)`: defined once in the bundle, see keepDirname. */
const DIR_HELPER = '__tcSourcePath';

/**
 * Code that finds files beside itself (grpc-js, @grpc/reflection and grpc-health-check load
 * their .proto files, ours finds proto/, package.json and the dashboard assets) reads
 * __dirname, which in a bundle is the bundle's folder. Each bundled file gets back the folder
 * it was bundled from, relative to the bundle (dist/ → ../node_modules/…, dist/libs/…), so
 * every lookup works unchanged wherever the tree is moved with dist/ and node_modules/ side by
 * side (the Docker image). Replaced on the same line: stack traces keep their line numbers.
 */
const keepDirname = {
  name: 'keep-dirname',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      const ours = !args.path.includes(`${sep}node_modules${sep}`);
      const escape = ESCAPED.some((folder) => args.path.includes(folder));
      if (ours && !escape && !/\b__(dirname|filename)\b/.test(source)) return undefined;
      if (escape) source = escapeNonAscii(source);
      const rel = (path) => JSON.stringify(relative(outDir, path).split(sep).join('/'));
      return {
        contents: (ours ? source : withoutSourceMap(source))
          .replace(/\b__dirname\b/g, `${DIR_HELPER}(${rel(dirname(args.path))})`)
          .replace(/\b__filename\b/g, `${DIR_HELPER}(${rel(args.path)})`),
        loader: 'js',
      };
    });
  },
};

/**
 * The bundle must be ASCII-only: V8 holds a script's source for as long as it runs, one byte
 * per character, but two for all 6.8 MB if a single character is not Latin-1 (7 MiB more heap
 * and RSS, measured). esbuild escapes strings and plain templates itself but leaves regular
 * expression literals and tagged templates as written; these are the files that have such
 * characters, where a \uXXXX escape means the same: validator's (a Babel ES5 build, no
 * templates: its characters are in regular expressions and strings), ansis (one, in a
 * regular expression) and our dashboard views (html`` templates: the tag reads the cooked
 * strings, never .raw). Any other one fails the build below, naming its module.
 */
const ESCAPED = [
  `${sep}node_modules${sep}validator${sep}lib${sep}`,
  `${sep}node_modules${sep}ansis${sep}`,
  `${sep}dist${sep}libs${sep}dashboard${sep}src${sep}`,
];

function escapeNonAscii(source) {
  return source.replace(/\\?[^\x00-\x7f]/g, (text) => {
    // After a backslash the escape would be read as text: never seen, so never guessed at.
    if (text.length > 1) throw new Error(`bundle-server: an escaped non-ASCII character: ${text}`);
    return `\\u${text.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** The modules (esbuild's __commonJS keys) whose code in the bundle is not ASCII. */
function nonAsciiModules(bundle) {
  const found = new Set();
  const starts = [...bundle.matchAll(/__commonJS\(\{"([^"]+)"/g)];
  for (const match of bundle.matchAll(/[^\x00-\x7f]/g)) {
    const owner = starts.findLast((start) => start.index < match.index);
    found.add(owner?.[1] ?? '(bundle top level)');
  }
  return [...found];
}

/**
 * A package's own source map is left out: the bundle's map then names the package's .js file
 * (node_modules/<package>/…), which profiles and stack traces attribute to the package, rather
 * than sources some packages do not ship. Ours chain to the TypeScript sources.
 */
function withoutSourceMap(source) {
  return source.replace(/^\/\/# sourceMappingURL=\S+\s*$/m, '');
}

const started = Date.now();
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20' };
const result = await build({
  ...common,
  entryPoints: [join(compiled, 'main.js')],
  outfile,
  external,
  plugins: [keepDirname],
  // Only a comment on the first line: code-cache.ts runs the file inside Node's module wrapper,
  // which shifts the columns of line 1, and profiles map positions through the source map.
  banner: {
    js: '// The Global Store, bundled by bin/bundle-server.mjs from dist/apps and dist/libs.',
  },
  // The helper is a hoisted function at the end, not a banner: code before esbuild's
  // "use strict" would turn the directive off for the whole file.
  footer: {
    js: `function ${DIR_HELPER}(rel) { return require('node:path').join(__dirname, rel); }`,
  },
  // Nest names providers and logs by class name: minifying must not rename anything.
  keepNames: true,
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
});
// The entry is small (the code cache and Node's compile cache, builtins only) and keeps its
// own __dirname: the bundle's folder.
await build({
  ...common,
  entryPoints: [join(compiled, 'bundle-entry.js')],
  outfile: entryOutfile,
  logLevel: 'warning',
});
const nonAscii = nonAsciiModules(readFileSync(outfile, 'utf8'));
if (nonAscii.length > 0) {
  console.error(
    `bundle-server: ${relative(repoRoot, outfile)} is not ASCII-only; check and add to ESCAPED:\n  ${nonAscii.join('\n  ')}`,
  );
  process.exit(1);
}
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = result.metafile.outputs[relative(process.cwd(), outfile).split(sep).join('/')]?.bytes;
console.log(
  `bundled ${inputs} files into ${relative(repoRoot, outfile)}, entry ${relative(repoRoot, entryOutfile)}` +
    `${bytes === undefined ? '' : ` (${(bytes / 1e6).toFixed(1)} MB)`} in ${Date.now() - started} ms`,
);
