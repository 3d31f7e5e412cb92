// Prints the size of the built console (dist/assets): every JS and CSS file, raw and
// gzip (level 9, as a server would send it), and the totals. `npm run size` after a build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '..', 'dist', 'assets');
let raw = 0;
let gzip = 0;
for (const name of readdirSync(dir).sort()) {
  if (!/\.(js|css)$/.test(name)) continue;
  const data = readFileSync(join(dir, name));
  const z = gzipSync(data, { level: 9 }).length;
  raw += data.length;
  gzip += z;
  console.log(`${name.padEnd(32)} ${(data.length / 1024).toFixed(1).padStart(8)} kB  gzip ${(z / 1024).toFixed(1).padStart(7)} kB`);
}
console.log(`${'total JS + CSS'.padEnd(32)} ${(raw / 1024).toFixed(1).padStart(8)} kB  gzip ${(gzip / 1024).toFixed(1).padStart(7)} kB`);
