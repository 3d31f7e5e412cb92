// What the first page (/, the public directory) loads of the built console: the entry
// script and its modulepreloads from dist/index.html, the chunks they import statically,
// and the directory page's chunk (loaded on first use, routes.tsx) with its own static
// imports. Prints each file and the gzip total (level 9, what src/console.rs sends).
// `npm run size:first-page` after a build, or `node tools/first-page-size.mjs <dist>` for
// another build; docs/benchmarks.md keeps the numbers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
const assets = join(dist, 'assets');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const start = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);

const seen = new Set();
const visit = (name) => {
  if (seen.has(name)) return;
  seen.add(name);
  const code = readFileSync(join(assets, name), 'utf8');
  for (const m of code.matchAll(/(?:from|import)\s*["`]\.\/([^"`]+\.js)["`]/g)) visit(m[1]);
};
start.forEach(visit);
// The directory page: the dynamic import the entry makes for `/`.
const entry = readFileSync(join(assets, start[0]), 'utf8') + [...seen].map((n) => readFileSync(join(assets, n), 'utf8')).join('\n');
const directory = [...entry.matchAll(/import\([`"]\.\/(Directory-[^`"]+\.js)[`"]\)/g)].map((m) => m[1]);
directory.forEach(visit);

let total = 0;
for (const name of seen) {
  const z = gzipSync(readFileSync(join(assets, name)), { level: 9 }).length;
  total += z;
  console.log(`${name.padEnd(40)} gzip ${(z / 1024).toFixed(1).padStart(7)} kB`);
}
console.log(`${'first page JS'.padEnd(40)} gzip ${(total / 1024).toFixed(1).padStart(7)} kB`);
