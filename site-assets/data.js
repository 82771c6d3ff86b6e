/* Access to the site's data: the index (loaded by a <script> before the app) and per-dataset shards and
   run files loaded on demand with <script> elements, because fetch() is refused on file:// pages. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var index = root.WEIR_INDEX;
  var shards = {}, shardWaits = {}, runs = {}, runWaits = {};
  var byName = new Map(), byId = new Map();
  index.names.forEach(function (name, i) {
    if (!byName.has(name)) byName.set(name, i);
    byId.set(index.ids[i] !== undefined ? index.ids[i] : name, i);
  });
  var down = W.invertEdges(index.up);

  function load(src, cache, waits, key) {
    if (cache[key]) return Promise.resolve(cache[key]);
    if (!waits[key]) {
      waits[key] = new Promise(function (resolve, reject) {
        var el = document.createElement('script');
        el.src = src;
        el.onload = function () { cache[key] ? resolve(cache[key]) : reject(new Error('no data in ' + src)); };
        el.onerror = function () { delete waits[key]; reject(new Error('cannot load ' + src)); };
        document.head.appendChild(el);
      });
    }
    return waits[key];
  }

  W.data = {
    index: index,
    up: index.up,
    down: down,
    count: index.names.length,
    name: function (i) { return index.names[i]; },
    kind: function (i) { return index.kinds[index.kind[i]]; },
    layer: function (i) { return index.layer[i] >= 0 ? index.layers[index.layer[i]] : ''; },
    status: function (i) { return index.status[i] >= 0 ? index.statuses[index.status[i]] : ''; },
    file: function (i) { return index.file[i] >= 0 ? index.files[index.file[i]] : ''; },
    isSource: function (i) { var k = index.kinds[index.kind[i]]; return k === 'files' || k === 'external'; },
    /** A node by name (as in deep links) or unique_id; -1 when unknown. */
    lookup: function (key) {
      if (byName.has(key)) return byName.get(key);
      if (byId.has(key)) return byId.get(key);
      var lower = String(key).toLowerCase();
      return byName.has(lower) ? byName.get(lower) : byId.has(lower) ? byId.get(lower) : -1;
    },
    dataset: function (i) {
      var k = Math.floor(i / index.shardSize);
      return load('data/ds/' + k + '.js', shards, shardWaits, k).then(function (list) { return list[i - k * index.shardSize]; });
    },
    run: function (r) { return load('data/runs/' + r + '.js', runs, runWaits, r); },
    shardLoaded: function (k, list) { shards[k] = list; },
    runLoaded: function (r, rows) { runs[r] = rows; },
  };
})(window);
