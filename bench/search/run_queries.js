#!/usr/bin/env node
// Runs queries with the real client code (templates/assets/search.js) against a built site's
// index, reading files from disk, each query cold (a fresh engine, nothing cached), and prints
// one JSON line per query: count, exactness, the first 20 result ids, the bytes and files it
// fetched (index files and the 20 documents it shows) and the time it took. The index segments
// are the ones the search page lists (its form's data-index), in that order; a result id is the
// document's number across them (segment offset + number in its segment).
//
//   node run_queries.js <public dir> <queries.json>
'use strict';
const fs = require('fs');
const path = require('path');
const { Index } = require(path.join(__dirname, '..', '..', 'templates', 'assets', 'search.js'));

const [publicDir, queriesFile] = process.argv.slice(2);
const page = fs.readFileSync(path.join(publicDir, 'search', 'index.html'), 'utf8');
const bases = page.match(/data-index="([^"]*)"/)[1].split(/\s+/).filter(Boolean);
const offsets = [];
let documents = 0;
for (const base of bases) {
  offsets.push(documents);
  documents += JSON.parse(fs.readFileSync(path.join(publicDir, base, 'meta.json'), 'utf8')).documents;
}
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));

(async () => {
  for (const query of queries) {
    let bytes = 0, files = 0;
    const engine = new Index(bases, async (url) => {
      const data = await fs.promises.readFile(path.join(publicDir, url));
      bytes += data.length;
      files += 1;
      return data.buffer.slice(data.byteOffset, data.byteOffset + data.length);
    });
    const started = process.hrtime.bigint();
    const result = await engine.search(query.q);
    const records = await engine.records(result, 0, 20);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(JSON.stringify({
      q: query.q, kind: query.kind, count: result.count, exact: result.exact,
      top: records.map((r) => offsets[r.id[0]] + r.id[1]), bytes, files, ms,
    }) + '\n');
  }
})().catch((error) => { console.error(error); process.exit(1); });
