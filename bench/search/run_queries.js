#!/usr/bin/env node
// Runs queries with the real client code (templates/assets/search.js) against a built site's
// index, reading files from disk, each query cold (a fresh engine, nothing cached), and prints
// one JSON line per query: count, exactness, the first 20 result ids, the bytes and files it
// fetched (index files and the 20 documents it shows) and the time it took. The index folder is
// the one the search page names (its form's data-index); a result id is a document's number.
//
//   node run_queries.js <public dir> <queries.json>
'use strict';
const fs = require('fs');
const path = require('path');
const { Engine } = require(path.join(__dirname, '..', '..', 'templates', 'assets', 'search.js'));

const [publicDir, queriesFile] = process.argv.slice(2);
const page = fs.readFileSync(path.join(publicDir, 'search', 'index.html'), 'utf8');
const base = page.match(/data-index="([^"]*)"/)[1];
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8'));

(async () => {
  for (const query of queries) {
    let bytes = 0, files = 0;
    const engine = new Engine(async (file) => {
      const data = await fs.promises.readFile(path.join(publicDir, base + file));
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
      top: records.map((r) => r.id), bytes, files, ms,
    }) + '\n');
  }
})().catch((error) => { console.error(error); process.exit(1); });
