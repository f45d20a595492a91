/*
 * Site search (/search/?q=…) over the static index that `portal build` writes below
 * /search/index/<version>/ (Sources/PortalCore/Search/SearchIndexBuilder.swift explains the files);
 * the page names that folder in its form's data-index.
 *
 * A query is split into terms (white space separates them; "…" or “…” keeps a phrase with spaces
 * together); a document matches when every term occurs in one of its fields exactly as written,
 * after the same normalisation as the index (SearchNormalizer.swift). The count is the true
 * number of such documents: a term that is frequent in the site is answered from its stored set
 * of documents; any other term is proved position by position from grams that cover it.
 * Results: documents with every term in the title, 索引号 or 文号 first, then the rest, each
 * group newest first (a document's number is its rank by date).
 *
 * No inline script and no innerHTML: the page's CSP forbids the first, and result text is only
 * ever set with textContent.
 */
(function () {
  'use strict';

  var PAGE_SIZE = 20;
  var MAX_TERMS = 8;
  var MAX_TERM_LENGTH = 64;
  /* Candidates of a term the index cannot prove are checked against their text when this few. */
  var VERIFY_LIMIT = 24;
  /* Grams fetched per round while proving a long term. */
  var GRAM_BATCH = 4;
  /* The index this script reads (SearchIndexBuilder.format). */
  var INDEX_FORMAT = 3;

  /* ---- Normalisation: the same rules as SearchNormalizer.swift, scalar by scalar ---- */

  function isWhitespace(c) {
    return (c >= 0x09 && c <= 0x0D) || c === 0x20 || c === 0x85 || c === 0xA0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200A) || c === 0x2028 || c === 0x2029 || c === 0x202F || c === 0x205F || c === 0x3000;
  }

  function isDropped(c) {
    if (c < 0x20) return !isWhitespace(c);
    if (c >= 0x7F && c <= 0x9F) return c !== 0x85;
    return c === 0xAD || (c >= 0x200B && c <= 0x200D) || c === 0x2060 || c === 0xFEFF;
  }

  var scalarCache = new Map();

  /* The normalised text of one character (a string; ' ' stands for white space). */
  function mapScalar(ch) {
    var c = ch.codePointAt(0);
    if (c < 0x80) {
      if (isWhitespace(c)) return ' ';
      if (c < 0x20 || c === 0x7F) return '';
      return (c >= 0x41 && c <= 0x5A) ? String.fromCharCode(c + 0x20) : ch;
    }
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return ch;
    if (isWhitespace(c)) return ' ';
    if (isDropped(c)) return '';
    var known = scalarCache.get(c);
    if (known !== undefined) return known;
    var out = '';
    for (var piece of ch.normalize('NFKC')) {
      var v = piece.codePointAt(0);
      if (v === 0x20 || isWhitespace(v)) out += ' ';
      else if (isDropped(v)) continue;
      else out += (v >= 0x41 && v <= 0x5A) ? String.fromCharCode(v + 0x20) : piece;
    }
    scalarCache.set(c, out);
    return out;
  }

  /*
   * Normalises `text`; with `mapped`, also returns for each UTF-16 unit of the result the range
   * of `text` it came from (to place highlights in the text as written).
   */
  function normalize(text, mapped) {
    var out = '';
    var from = mapped ? [] : null, to = mapped ? [] : null;
    var pending = -1; /* start of a run of white space not yet written */
    var offset = 0;
    for (var ch of text) {
      var piece = mapScalar(ch);
      for (var k = 0; k < piece.length; k++) {
        if (piece[k] === ' ') {
          if (out.length > 0 && pending < 0) pending = offset;
        } else {
          if (pending >= 0) {
            out += ' ';
            if (mapped) { from.push(pending); to.push(pending + 1); }
            pending = -1;
          }
          out += piece[k];
          if (mapped) { from.push(offset); to.push(offset + ch.length); }
        }
      }
      offset += ch.length;
    }
    return mapped ? { text: out, from: from, to: to } : out;
  }

  /* Terms of a query: white space separates them, "…" or “…” keeps a phrase together. */
  function parseQuery(query) {
    var text = normalize(query || '');
    var terms = [];
    var pattern = /"([^"]*)"?|\u201C([^\u201D]*)\u201D?|([^\s"\u201C]+)/g;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var term = (match[1] !== undefined ? match[1] : match[2] !== undefined ? match[2] : match[3]).trim();
      if (!term) continue;
      var chars = Array.from(term);
      if (chars.length > MAX_TERM_LENGTH) term = chars.slice(0, MAX_TERM_LENGTH).join('');
      if (terms.indexOf(term) < 0) terms.push(term);
      if (terms.length === MAX_TERMS) break;
    }
    return terms;
  }

  /* ---- Index files ---- */

  var utf8 = new TextEncoder();
  var utf8Decoder = new TextDecoder();

  /* FNV-1a, 32 bit, over UTF-8: IndexEncoding.fnv1a. */
  function fnv1a(text) {
    var bytes = utf8.encode(text);
    var hash = 0x811C9DC5;
    for (var i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193) >>> 0;
    return hash >>> 0;
  }

  function Reader(bytes, start, end) {
    this.bytes = bytes;
    this.at = start || 0;
    this.end = end === undefined ? bytes.length : end;
  }
  Reader.prototype.varint = function () {
    var value = 0, scale = 1, b;
    do {
      b = this.bytes[this.at++];
      value += (b & 0x7F) * scale;
      scale *= 128;
    } while (b & 0x80);
    return value;
  };
  Reader.prototype.string = function () {
    var length = this.varint();
    var text = utf8Decoder.decode(this.bytes.subarray(this.at, this.at + length));
    this.at += length;
    return text;
  };
  Reader.prototype.documentSet = function (documentCount) {
    var tag = this.bytes[this.at++];
    var documents = [];
    if (tag === 1) {
      var count = this.varint(), previous = 0;
      for (var i = 0; i < count; i++) { previous += this.varint(); documents.push(previous); }
    } else if (tag === 2) {
      var size = (documentCount + 7) >> 3;
      for (var byte = 0; byte < size; byte++) {
        var bits = this.bytes[this.at + byte];
        for (var bit = 0; bits; bit++, bits >>= 1) if (bits & 1) documents.push(byte * 8 + bit);
      }
      this.at += size;
    }
    return documents;
  };

  /*
   * The index of one site. `load(path)` returns a promise of the bytes of a file of the index
   * folder (an ArrayBuffer); every file is fetched at most once.
   */
  function Engine(load) {
    this.load = load;
    this.files = new Map();
    this.metaPromise = null;
  }

  Engine.prototype.bytes = function (path) {
    var known = this.files.get(path);
    if (!known) {
      known = this.load(path).then(function (buffer) { return new Uint8Array(buffer); });
      this.files.set(path, known);
    }
    return known;
  };

  Engine.prototype.meta = function () {
    if (!this.metaPromise) {
      this.metaPromise = this.bytes('meta.json').then(function (bytes) {
        var meta = JSON.parse(utf8Decoder.decode(bytes));
        /* A page left open across an upgrade of portal may meet an index it cannot read:
           a clean failure (the retry, then the message) instead of wrong answers. */
        if (meta.format !== INDEX_FORMAT) throw new Error('search index format ' + meta.format);
        meta.frequentSet = new Set(Array.from(meta.frequentCharacters));
        return meta;
      });
    }
    return this.metaPromise;
  };

  /* The frequent strings (two scalars or more) whose first two scalars are `lead`'s shard's. */
  Engine.prototype.frequentShard = function (meta, lead) {
    var path = 'f/' + (fnv1a(lead) % meta.frequentShards) + '.bin';
    var cache = this.parsed || (this.parsed = new Map());
    if (!cache.has(path)) {
      cache.set(path, this.bytes(path).then(function (bytes) {
        /* Front-coded: bytes shared with the previous string, then the rest. */
        var set = new Set(), reader = new Reader(bytes), previous = new Uint8Array(0);
        while (reader.at < reader.end) {
          var shared = reader.varint(), length = reader.varint();
          var key = new Uint8Array(shared + length);
          key.set(previous.subarray(0, shared));
          key.set(bytes.subarray(reader.at, reader.at + length), shared);
          reader.at += length;
          set.add(utf8Decoder.decode(key));
          previous = key;
        }
        return set;
      }));
    }
    return cache.get(path);
  };

  /* The entry of `key` in its posting shard: {kind, bytes, start, end}, or null. */
  Engine.prototype.entry = function (meta, key) {
    return this.shard(meta, key).then(function (entries) { return entries.get(key) || null; });
  };

  /*
   * The documents of a frequent string: {documents, title}, ascending. A string of three scalars
   * or more may be stored as what its parent (itself without the last scalar) has and it lacks
   * (kind 4, DocumentSetCoding.swift); its entry and its parent's are in the shard of its first
   * two scalars, so one file resolves the chain.
   */
  Engine.prototype.documentSets = function (meta, term) {
    var chars = Array.from(term);
    return this.shard(meta, chars.slice(0, 2).join('')).then(function (entries) {
      function resolve(key) {
        var entry = entries.get(key);
        if (!entry || (entry.kind !== 2 && entry.kind !== 4)) throw new Error('search index: no document set for a frequent string');
        if (entry.sets) return entry.sets;
        var reader = new Reader(entry.bytes, entry.start, entry.end), sets;
        if (entry.kind === 2) {
          sets = { documents: reader.documentSet(meta.documents), title: reader.documentSet(meta.documents) };
        } else {
          var parent = resolve(Array.from(key).slice(0, -1).join(''));
          sets = { documents: without(parent.documents, missing(reader)), title: without(parent.title, missing(reader)) };
        }
        entry.sets = sets;
        return sets;
      }
      return resolve(term);
    });
  };

  /* Ranks written by DocumentSetCoding.swift: 0 for none, else ascending numbers (readAscending). */
  function missing(reader) {
    if (reader.bytes[reader.at] === 0) { reader.at++; return []; }
    return readAscending(reader);
  }

  /* `list` without the elements at the ascending `ranks`. */
  function without(list, ranks) {
    if (!ranks.length) return list;
    var kept = [], next = 0;
    for (var i = 0; i < list.length; i++) {
      if (next < ranks.length && ranks[next] === i) { next++; continue; }
      kept.push(list[i]);
    }
    return kept;
  }

  /* The entries of the posting shard of `shardKey`: Map key → {kind, bytes, start, end}. */
  Engine.prototype.shard = function (meta, shardKey) {
    var path = 'p/' + (fnv1a(shardKey) % meta.postingShards) + '.bin';
    var cache = this.parsed || (this.parsed = new Map());
    if (!cache.has(path)) {
      cache.set(path, this.bytes(path).then(function (bytes) {
        var entries = new Map(), reader = new Reader(bytes);
        while (reader.at < reader.end) {
          var name = reader.string();
          var kind = bytes[reader.at++];
          var length = reader.varint();
          entries.set(name, { kind: kind, bytes: bytes, start: reader.at, end: reader.at + length });
          reader.at += length;
        }
        return entries;
      }));
    }
    return cache.get(path);
  };

  /*
   * A gram's occurrences: Map document → ascending positions. Stored as ascending coordinates
   * (document × 2^positionBits + position), PositionCoding.swift: their number, the first, then a
   * Rice parameter k and each increase minus one as a unary quotient (one bits, then a zero) and
   * k low bits, lowest bit of each byte first. A backward gram (`suffix` given) is stored in the
   * entry of its base, the shortest prefix of it that is not frequent (kind 3, IndexWriter.swift):
   * after the base's coordinates, the number of such grams, then for each the rest of its key,
   * the length of its block and its occurrences as ascending ranks among the base's, coded alike.
   */
  function decodePositions(entry, meta, suffix) {
    var result = new Map();
    if (!entry) return result;
    var reader = new Reader(entry.bytes, entry.start, entry.end);
    var coordinates = readAscending(reader);
    if (suffix !== undefined) {
      var chosen = [];
      if (entry.kind === 3) {
        for (var n = reader.varint(); n > 0; n--) {
          var rest = reader.string(), size = reader.varint(), end = reader.at + size;
          if (rest === suffix) {
            var ranks = readAscending(reader);
            for (var r = 0; r < ranks.length; r++) chosen.push(coordinates[ranks[r]]);
            break;
          }
          reader.at = end;
        }
      }
      coordinates = chosen;
    }
    var scale = Math.pow(2, meta.positionBits), document = -1, positions = null;
    for (var i = 0; i < coordinates.length; i++) {
      var at = Math.floor(coordinates[i] / scale);
      if (at !== document) {
        document = at;
        positions = [];
        result.set(document, positions);
      }
      positions.push(coordinates[i] - at * scale);
    }
    return result;
  }

  /* Ascending numbers as PositionCoding.swift writes them; leaves `reader` after them. */
  function readAscending(reader) {
    var bytes = reader.bytes;
    var count = reader.varint(), value = reader.varint(), values = [value];
    if (count < 2) return values;
    var k = bytes[reader.at++], unit = Math.pow(2, k);
    var bit = reader.at * 8;
    for (var i = 1; i < count; i++) {
      var quotient = 0;
      while ((bytes[bit >> 3] >> (bit & 7)) & 1) { quotient++; bit++; }
      bit++;
      var low = 0;
      for (var b = 0, weight = 1; b < k; b++, bit++, weight *= 2) {
        if ((bytes[bit >> 3] >> (bit & 7)) & 1) low += weight;
      }
      value += quotient * unit + low + 1;
      values.push(value);
    }
    reader.at = (bit + 7) >> 3;
    return values;
  }

  /*
   * The documents that contain `term`: {documents: ascending numbers, title: Set of those with the
   * term in the title tier, exact: whether the index proved every one}.
   */
  Engine.prototype.searchTerm = async function (term) {
    var meta = await this.meta();
    var self = this;
    var chars = Array.from(term);
    var length = chars.length, maxLength = meta.maxLength;

    var leads = [];
    for (var i = 0; i + 1 < length; i++) leads.push(chars[i] + chars[i + 1]);
    var shards = await Promise.all(leads.map(function (lead) { return self.frequentShard(meta, lead); }));
    function isFrequent(from, to) {
      if (to - from === 1) return meta.frequentSet.has(chars[from]);
      if (to - from > maxLength) return false;
      return shards[from].has(chars.slice(from, to).join(''));
    }

    if (length <= maxLength && isFrequent(0, length)) {
      var sets = await this.documentSets(meta, term);
      return { documents: sets.documents.slice(), title: new Set(sets.title), exact: true };
    }

    /* Grams inside the term: the shortest non-frequent string from each start, and to each end. */
    var grams = [], seen = new Set();
    function addGram(from, to) {
      var key = from + ':' + to;
      if (!seen.has(key)) { seen.add(key); grams.push({ from: from, to: to }); }
    }
    for (var start = 0; start < length; start++) {
      for (var k = 1; k <= Math.min(maxLength, length - start); k++) {
        if (!isFrequent(start, start + k)) { addGram(start, start + k); break; }
      }
    }
    for (var end = 1; end <= length; end++) {
      for (var b = 1; b <= Math.min(maxLength, end); b++) {
        if (!isFrequent(end - b, end)) { addGram(end - b, end); break; }
      }
    }
    /* The fewest grams that cover the term (greedy: furthest reach from the covered prefix). */
    var cover = [], frontier = 0;
    while (frontier < length) {
      var best = null;
      for (var g of grams) if (g.from <= frontier && g.to > frontier && (!best || g.to > best.to)) best = g;
      if (!best) break;
      cover.push(best);
      frontier = best.to;
    }
    var complete = frontier >= length;
    var used = complete ? cover : grams;

    /* First the grams at both ends, then the middle ones; stop once few candidates are left. */
    var order = used.slice().sort(function (a, b) { return a.from - b.from; });
    var queue = [];
    while (order.length) {
      queue.push(order.shift());
      if (order.length) queue.push(order.pop());
    }
    var candidates = null; /* Map document → ascending starts of the term */
    var applied = 0;
    while (queue.length) {
      /* A long term: its two end grams alone nearly always leave only the true matches. */
      var size = applied === 0 && queue.length > GRAM_BATCH ? 2 : GRAM_BATCH;
      var batch = queue.splice(0, size);
      var postings = await Promise.all(batch.map(function (gram) {
        /* A backward gram is read from its base's entry (`decodePositions`). */
        var base = gram.from + 1;
        while (base < gram.to && isFrequent(gram.from, base)) base++;
        var suffix = base < gram.to ? chars.slice(base, gram.to).join('') : undefined;
        return self.entry(meta, chars.slice(gram.from, base).join('')).then(function (entry) {
          return decodePositions(entry, meta, suffix);
        });
      }));
      for (var n = 0; n < batch.length; n++) {
        candidates = align(candidates, postings[n], batch[n].from);
        applied++;
      }
      if (candidates.size === 0) break;
      if (queue.length && candidates.size <= VERIFY_LIMIT) break;
    }
    var proven = complete && applied === used.length;

    var result = { documents: [], title: new Set(), exact: proven };
    if (!candidates) {
      /* Not one gram fits (a long run of frequent text): narrow with the stored sets of pieces. */
      var pieces = [];
      for (var p = 0; p < length; p += maxLength) pieces.push(chars.slice(p, Math.min(length, p + maxLength)).join(''));
      if (length > maxLength) pieces.push(chars.slice(length - maxLength).join(''));
      var sets = await Promise.all(pieces.map(function (piece) {
        return self.searchTerm(piece);
      }));
      result.documents = intersect(sets.map(function (s) { return s.documents; }));
      result.title = new Set(result.documents.filter(function (d) { return sets.every(function (s) { return s.title.has(d); }); }));
      result.exact = false;
      return result;
    }
    var titleBase = meta.titleBase;
    result.documents = Array.from(candidates.keys()).sort(function (a, b) { return a - b; });
    candidates.forEach(function (starts, document) {
      if (starts[0] < titleBase) result.title.add(document);
    });
    return result;
  };

  /* Keeps the starts (position − offset) that every gram so far agrees on. */
  function align(candidates, positions, offset) {
    var next = new Map();
    if (candidates === null) {
      positions.forEach(function (list, document) {
        var starts = [];
        for (var i = 0; i < list.length; i++) if (list[i] >= offset) starts.push(list[i] - offset);
        if (starts.length) next.set(document, starts);
      });
      return next;
    }
    candidates.forEach(function (starts, document) {
      var list = positions.get(document);
      if (!list) return;
      var kept = [], i = 0, j = 0;
      while (i < starts.length && j < list.length) {
        var want = starts[i] + offset;
        if (list[j] < want) j++;
        else if (list[j] > want) i++;
        else { kept.push(starts[i]); i++; j++; }
      }
      if (kept.length) next.set(document, kept);
    });
    return next;
  }

  function intersect(lists) {
    if (!lists.length) return [];
    var result = lists[0];
    for (var i = 1; i < lists.length; i++) {
      var other = new Set(lists[i]);
      result = result.filter(function (d) { return other.has(d); });
    }
    return result;
  }

  /*
   * A document file: {t, u, d, c, i, n, k, b} as JSON, stored as raw DEFLATE (RawDeflate.swift),
   * which the browser inflates itself: the file is half the size on the wire and on disk.
   */
  Engine.prototype.documentFile = function (meta, id) {
    var path = 'd/' + Math.floor(id / meta.documentsPerFolder) + '/' + id + '.bin';
    var cache = this.documentsCache || (this.documentsCache = new Map());
    if (!cache.has(path)) {
      cache.set(path, this.bytes(path).then(inflate).then(function (bytes) {
        return JSON.parse(utf8Decoder.decode(bytes));
      }));
    }
    return cache.get(path);
  };

  /* The bytes of raw DEFLATE `bytes`: through the platform's DecompressionStream where it reads
     'deflate-raw', else through `inflateScript` below. */
  function inflate(bytes) {
    var stream;
    try {
      stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    } catch (missing) {
      /* No DecompressionStream, or one without 'deflate-raw' (a TypeError at construction). */
      return new Promise(function (resolve) { resolve(inflateScript(bytes)); });
    }
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  /* Raw DEFLATE (RFC 1951) in script, for browsers without DecompressionStream('deflate-raw')
     (Chromium before 103, Safari before 16.4, the older cores of domestic browsers): slower than
     the platform's, but a search page must answer on every phone that can run it. */
  var inflateScript = (function () {
    var LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
      67, 83, 99, 115, 131, 163, 195, 227, 258];
    var LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
      5, 5, 5, 5, 0];
    var DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513,
      769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
    var DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
      11, 11, 12, 12, 13, 13];
    var CODE_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

    /* A canonical Huffman code from its code lengths: counts per length and symbols in order. */
    function table(lengths) {
      var counts = new Uint16Array(16), offsets = new Uint16Array(16);
      var symbols = new Uint16Array(lengths.length), i;
      for (i = 0; i < lengths.length; i++) counts[lengths[i]]++;
      counts[0] = 0;
      for (i = 1; i < 16; i++) offsets[i] = offsets[i - 1] + counts[i - 1];
      for (i = 0; i < lengths.length; i++) if (lengths[i]) symbols[offsets[lengths[i]]++] = i;
      return { counts: counts, symbols: symbols };
    }

    var fixedLiterals, fixedDistances;
    function fixedTables() {
      if (!fixedLiterals) {
        var lengths = new Uint8Array(288), i;
        for (i = 0; i < 144; i++) lengths[i] = 8;
        for (; i < 256; i++) lengths[i] = 9;
        for (; i < 280; i++) lengths[i] = 7;
        for (; i < 288; i++) lengths[i] = 8;
        fixedLiterals = table(lengths);
        var distances = new Uint8Array(30);
        for (i = 0; i < 30; i++) distances[i] = 5;
        fixedDistances = table(distances);
      }
    }

    return function (input) {
      var out = new Uint8Array(Math.max(1024, input.length * 4)), size = 0;
      var position = 0, bitBuffer = 0, bitCount = 0;

      function bits(n) {
        while (bitCount < n) {
          if (position >= input.length) throw new Error('inflate: truncated input');
          bitBuffer |= input[position++] << bitCount;
          bitCount += 8;
        }
        var value = bitBuffer & ((1 << n) - 1);
        bitBuffer >>>= n;
        bitCount -= n;
        return value;
      }
      function decode(code) {
        var first = 0, index = 0, value = 0, length;
        for (length = 1; length < 16; length++) {
          value |= bits(1);
          var count = code.counts[length];
          if (value - first < count) return code.symbols[index + value - first];
          index += count;
          first = (first + count) << 1;
          value <<= 1;
        }
        throw new Error('inflate: bad code');
      }
      function room(extra) {
        if (size + extra <= out.length) return;
        var bigger = new Uint8Array(Math.max(out.length * 2, size + extra));
        bigger.set(out.subarray(0, size));
        out = bigger;
      }
      function codes(literals, distances) {
        for (;;) {
          var symbol = decode(literals);
          if (symbol < 256) { room(1); out[size++] = symbol; continue; }
          if (symbol === 256) return;
          symbol -= 257;
          if (symbol >= 29) throw new Error('inflate: bad length');
          var length = LENGTH_BASE[symbol] + bits(LENGTH_EXTRA[symbol]);
          var d = decode(distances);
          if (d >= 30) throw new Error('inflate: bad distance');
          var distance = DIST_BASE[d] + bits(DIST_EXTRA[d]);
          if (distance > size) throw new Error('inflate: distance too far back');
          room(length);
          for (var k = 0; k < length; k++, size++) out[size] = out[size - distance];
        }
      }
      function dynamicTables() {
        var literalCount = bits(5) + 257, distanceCount = bits(5) + 1, codeCount = bits(4) + 4;
        var codeLengths = new Uint8Array(19), i;
        for (i = 0; i < codeCount; i++) codeLengths[CODE_ORDER[i]] = bits(3);
        var lengthCode = table(codeLengths);
        var lengths = new Uint8Array(literalCount + distanceCount);
        for (i = 0; i < literalCount + distanceCount;) {
          var symbol = decode(lengthCode), repeat, value = 0;
          if (symbol < 16) { lengths[i++] = symbol; continue; }
          if (symbol === 16) {
            if (i === 0) throw new Error('inflate: repeat with no length');
            value = lengths[i - 1]; repeat = 3 + bits(2);
          } else if (symbol === 17) { repeat = 3 + bits(3); } else { repeat = 11 + bits(7); }
          if (i + repeat > lengths.length) throw new Error('inflate: too many lengths');
          while (repeat--) lengths[i++] = value;
        }
        return [table(lengths.subarray(0, literalCount)), table(lengths.subarray(literalCount))];
      }

      var last;
      do {
        last = bits(1);
        var type = bits(2);
        if (type === 0) {
          bitBuffer = 0; bitCount = 0;   // stored: from the next byte boundary
          if (position + 4 > input.length) throw new Error('inflate: truncated input');
          var length = input[position] | (input[position + 1] << 8);
          position += 4;
          if (position + length > input.length) throw new Error('inflate: truncated input');
          room(length);
          out.set(input.subarray(position, position + length), size);
          size += length; position += length;
        } else if (type === 1) {
          fixedTables();
          codes(fixedLiterals, fixedDistances);
        } else if (type === 2) {
          var tables = dynamicTables();
          codes(tables[0], tables[1]);
        } else {
          throw new Error('inflate: bad block type');
        }
      } while (!last);
      return out.subarray(0, size);
    };
  })();

  /* The fields of a document in index order (SearchDocument.titleFields / bodyFields). */
  function documentFields(doc) {
    return {
      title: [doc.t, doc.i, doc.n].filter(Boolean),
      body: (doc.k || []).concat([doc.b]).filter(Boolean)
    };
  }

  function fieldsContain(fields, term) {
    for (var i = 0; i < fields.length; i++) if (normalize(fields[i]).indexOf(term) >= 0) return true;
    return false;
  }

  /*
   * Runs a query: {terms, count, exact, order (document numbers, result order), documents(from, to)
   * → promise of the display records}.
   */
  Engine.prototype.search = async function (query) {
    var terms = parseQuery(query);
    var meta = await this.meta();
    var self = this;
    if (!terms.length) return { terms: terms, count: 0, exact: true, order: [] };
    var results = await Promise.all(terms.map(function (term) { return self.searchTerm(term); }));
    var documents = intersect(results.map(function (r) { return r.documents; }));
    var exact = results.every(function (r) { return r.exact; });
    var title = new Set(documents.filter(function (d) { return results.every(function (r) { return r.title.has(d); }); }));

    if (!exact && documents.length <= VERIFY_LIMIT) {
      /* Check the few candidates against their text; the pages shown need these files anyway. */
      var files = await Promise.all(documents.map(function (id) { return self.documentFile(meta, id); }));
      var kept = [];
      title = new Set();
      files.forEach(function (doc, index) {
        var fields = documentFields(doc);
        var all = fields.title.concat(fields.body);
        if (terms.every(function (term) { return fieldsContain(all, term); })) {
          kept.push(documents[index]);
          if (terms.every(function (term) { return fieldsContain(fields.title, term); })) title.add(documents[index]);
        }
      });
      documents = kept;
      exact = true;
    }
    var order = documents.filter(function (d) { return title.has(d); })
      .concat(documents.filter(function (d) { return !title.has(d); }));
    return { terms: terms, count: documents.length, exact: exact, order: order, titleCount: title.size };
  };

  /* The display records of results `from..<to` of a search. */
  Engine.prototype.records = async function (result, from, to) {
    var meta = await this.meta();
    var self = this;
    return Promise.all(result.order.slice(from, to).map(function (id) {
      return self.documentFile(meta, id).then(function (doc) { doc.id = id; return doc; });
    }));
  };

  /* ---- Highlighting ---- */

  /* Ranges [from, to) of `text` (as written) where a term occurs, sorted, not overlapping. */
  function hits(text, terms) {
    var n = normalize(text, true);
    var ranges = [];
    terms.forEach(function (term) {
      var at = n.text.indexOf(term);
      while (at >= 0) {
        ranges.push([n.from[at], n.to[at + term.length - 1]]);
        at = n.text.indexOf(term, at + Math.max(1, term.length));
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* Appends `text` to `parent`, with `<mark>` around the ranges. */
  function appendMarked(parent, text, ranges, offset) {
    var at = 0;
    ranges.forEach(function (r) {
      var from = r[0] - offset, to = r[1] - offset;
      if (to <= 0 || from >= text.length) return;
      from = Math.max(0, from); to = Math.min(text.length, to);
      if (from > at) parent.appendChild(document.createTextNode(text.slice(at, from)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(from, to);
      parent.appendChild(mark);
      at = to;
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* The part of the body around its first hit (or its start), and the hits in it. */
  function snippet(body, terms) {
    var ranges = hits(body, terms);
    var start = 0;
    if (ranges.length) start = Math.max(0, ranges[0][0] - 40);
    /* Do not start in the middle of a surrogate pair. */
    if (start > 0 && /[\uDC00-\uDFFF]/.test(body[start])) start--;
    var end = Math.min(body.length, start + 160);
    if (end < body.length && /[\uD800-\uDBFF]/.test(body[end - 1])) end++;
    /* One space per white-space unit, so that the hit offsets stay right. */
    return { text: body.slice(start, end).replace(/\s/g, ' '), ranges: ranges, offset: start,
      before: start > 0, after: end < body.length };
  }

  /* ---- The page ---- */

  function setText(element, text) { element.textContent = text; }

  function renderRecord(doc, terms) {
    var item = document.createElement('li');
    item.className = 'search-result';
    var heading = document.createElement('h3');
    heading.className = 'search-result-title';
    var link = document.createElement('a');
    link.href = siteURL(doc.u);
    appendMarked(link, doc.t, hits(doc.t, terms), 0);
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = document.createElement('p');
    meta.className = 'search-result-meta';
    var section = document.createElement('span');
    section.className = 'search-result-section';
    setText(section, doc.c);
    meta.appendChild(section);
    if (doc.d) {
      var time = document.createElement('time');
      time.dateTime = doc.d;
      setText(time, doc.d);
      meta.appendChild(time);
    }
    [['索引号', doc.i], ['文号', doc.n]].forEach(function (pair) {
      if (!pair[1]) return;
      var span = document.createElement('span');
      span.className = 'search-result-field';
      span.appendChild(document.createTextNode(pair[0] + '：'));
      appendMarked(span, pair[1], hits(pair[1], terms), 0);
      meta.appendChild(span);
    });
    item.appendChild(meta);

    if (doc.b) {
      var s = snippet(doc.b, terms);
      var paragraph = document.createElement('p');
      paragraph.className = 'search-result-snippet';
      if (s.before) paragraph.appendChild(document.createTextNode('…'));
      appendMarked(paragraph, s.text, s.ranges, s.offset);
      if (s.after) paragraph.appendChild(document.createTextNode('…'));
      item.appendChild(paragraph);
    }
    return item;
  }

  /*
   * Names the current index folder ({"index": "/search/index/<version>/"}, SearchStep.currentPath).
   * Read only when an index file cannot be fetched: the folder a page names is that of the build
   * it came from, and a build later than the next one has dropped it.
   */
  var CURRENT = 'search/current.json';

  /*
   * The path the site is served under ('/', or '/fgj/' for a column under a path of another
   * site). The index and current.json speak site paths ('/meetings/x/'); the page's data-index
   * is already under the base path, so the base path is what precedes 'search/index/<version>/'.
   */
  var ROOT = '/';

  function basePathOf(indexFolder) {
    var match = /^(\/(?:.*\/)?)search\/index\/[0-9A-Za-z]+\/$/.exec(indexFolder);
    return match ? match[1] : '/';
  }

  /* A site path as served: '/meetings/x/' under '/fgj/' is '/fgj/meetings/x/'. */
  function siteURL(path) {
    if (typeof path !== 'string' || path.charAt(0) !== '/' || path.charAt(1) === '/') return path;
    return ROOT + path.slice(1);
  }

  function start() {
    var form = document.getElementById('search-form');
    if (!form) return;
    var input = document.getElementById('search-input');
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    var more = document.getElementById('search-more');
    var pageTitle = document.title;
    var base = form.getAttribute('data-index') || '';
    ROOT = basePathOf(base);

    function makeEngine(folder) {
      return new Engine(function (path) {
        var url = folder + path;
        return fetch(url).then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + url);
          return response.arrayBuffer();
        });
      });
    }
    var engine = makeEngine(base);

    /*
     * After a failed fetch: reads which folder is current and, when it is not this page's, moves
     * the page there (a new engine: numbers and files of one index mean nothing in another).
     * Resolves to whether it moved; a query is retried only then, so a broken or unreachable
     * site still ends in the error text after one small request.
     */
    function moveToCurrentIndex() {
      var current = ROOT + CURRENT;
      return fetch(current, { cache: 'no-store' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status + ' ' + current);
        return response.json();
      }).then(function (current) {
        var folder = current && current.index;
        if (typeof folder !== 'string' || !/^\/search\/index\/[0-9A-Za-z]+\/$/.test(folder)) return false;
        folder = siteURL(folder);
        if (folder === base) return false;
        base = folder;
        form.setAttribute('data-index', base);
        engine = makeEngine(base);
        return true;
      });
    }

    var shown = 0;
    var current = null;
    /* Each query gets a number: a reply to an older one (the reader searched again) is dropped. */
    var run = 0;

    /* Shows results up to `upTo` (at least one more page) of the current query, with `using`. */
    function showMore(using, upTo) {
      more.hidden = true;
      var from = shown;
      var to = Math.min(current.count, Math.max(upTo || 0, shown + PAGE_SIZE));
      var result = current;
      return using.records(result, from, to).then(function (records) {
        if (result !== current) return;
        records.forEach(function (doc) { list.appendChild(renderRecord(doc, result.terms)); });
        shown = to;
        list.setAttribute('data-shown', String(shown));
        more.hidden = shown >= result.count;
      });
    }

    function fail(error, id) {
      if (id !== run) return;
      /* The reader gets a sentence; the detail (a failed fetch, a broken file) goes to the console. */
      console.error(error);
      setText(status, '搜索暂时不可用，请稍后再试。');
      form.setAttribute('data-state', 'error');
    }

    /*
     * Runs `work` (a promise of the query's display, number `id`); when it fails, moves to the
     * current index once and runs `again` there instead.
     */
    function withRetry(work, id, again) {
      return work().catch(function (error) {
        if (id !== run) return;
        return moveToCurrentIndex().then(function (moved) {
          if (!moved || id !== run) return fail(error, id);
          return again().catch(function (second) { fail(second, id); });
        }, function () { fail(error, id); });
      });
    }

    /* Searches `query` with the current engine and shows its first `upTo` results (a page at least). */
    function display(query, id, started, upTo) {
      var using = engine;
      current = null;
      shown = 0;
      return using.search(query).then(function (result) {
        if (id !== run) return;
        while (list.firstChild) list.removeChild(list.firstChild);
        result.query = query;
        current = result;
        var shownQuery = '“' + query.trim() + '”';
        if (!result.terms.length || result.count === 0) {
          setText(status, '没有找到包含' + shownQuery + '的信息。请检查用字，或换一个较短的关键词。');
        } else {
          setText(status, shownQuery + (result.exact ? ' 共找到 ' : ' 约找到 ') + result.count + ' 条信息' +
            (result.titleCount ? '，其中标题、索引号或文号含有该词的 ' + result.titleCount + ' 条排在前面' : '') + '。');
        }
        list.setAttribute('data-count', String(result.count));
        if (result.count > 0) return showMore(using, upTo);
      }).then(function () {
        if (id !== run) return;
        /* How long the query took, index and shown documents included (read by bench/search). */
        form.setAttribute('data-elapsed-ms', String(Math.round(performance.now() - started)));
        form.setAttribute('data-state', 'done');
      });
    }

    function search(query) {
      var id = ++run;
      input.value = query;
      current = null;
      shown = 0;
      more.hidden = true;
      while (list.firstChild) list.removeChild(list.firstChild);
      list.removeAttribute('data-count');
      list.removeAttribute('data-shown');
      form.removeAttribute('data-state');
      if (!query.trim()) {
        document.title = pageTitle;
        setText(status, '请输入要查找的标题、索引号、文号或关键词。');
        return;
      }
      document.title = '搜索：' + query.trim() + ' - ' + pageTitle;
      setText(status, '正在搜索…');
      var started = performance.now();
      withRetry(function () { return display(query, id, started, 0); }, id,
        function () { return display(query, id, started, 0); });
    }

    more.addEventListener('click', function () {
      if (!current) return;
      var id = run, query = current.query, upTo = shown + PAGE_SIZE;
      /* After a move the result numbers are another index's: the query runs again there. */
      withRetry(function () { return showMore(engine, upTo); }, id,
        function () { return display(query, id, performance.now(), upTo); });
    });

    /*
     * A query typed in this page runs here, with the index files already fetched, and the
     * address becomes its link (/search/?q=…), as the plain form would make it.
     */
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var query = input.value;
      var address = window.location.pathname + (query.trim() ? '?' + new URLSearchParams({ q: query }).toString() : '');
      history.pushState(null, '', address);
      search(query);
    });
    window.addEventListener('popstate', function () {
      search(new URLSearchParams(window.location.search).get('q') || '');
    });

    search(new URLSearchParams(window.location.search).get('q') || '');
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { Engine: Engine, normalize: normalize, parseQuery: parseQuery, fnv1a: fnv1a };
  } else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
  }
})();
