/* Column-level lineage across datasets: walks `cols[*][5]` (upstream, from the manifest) and `down`
   (downstream, inverted at build time) level by level, loading only the shards it touches. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var MAX_PER_SIDE = 200, MAX_DEPTH = 25;

  function neighbours(detail, column, dir) {
    if (!detail) return [];
    if (dir === 'down') return (detail.down && detail.down[column]) || [];
    for (var i = 0; i < detail.cols.length; i++) if (detail.cols[i][0] === column) return detail.cols[i][5];
    return [];
  }

  function walk(node, column, dir) {
    var seen = {}, out = [];
    seen[node + '\u0000' + column] = true;
    function level(frontier, depth) {
      if (!frontier.length || depth > MAX_DEPTH || out.length >= MAX_PER_SIDE) return Promise.resolve(out);
      return Promise.all(frontier.map(function (f) { return f.node >= 0 ? W.data.dataset(f.node) : null; })).then(function (details) {
        var next = [];
        frontier.forEach(function (f, k) {
          neighbours(details[k], f.column, dir).forEach(function (l) {
            var key = l[0] + '\u0000' + l[1];
            if (seen[key] || out.length >= MAX_PER_SIDE) return;
            seen[key] = true;
            var item = { node: l[0], column: l[1], derived: l[2] === 1, depth: depth, via: f };
            out.push(item); next.push(item);
          });
        });
        return level(next, depth + 1);
      });
    }
    return level([{ node: node, column: column }], 1);
  }

  /** Promise of {up: [...], down: [...]}, each item {node, column, derived, depth, via}, nearest first. */
  W.columnLineage = function (node, column) {
    return Promise.all([walk(node, column, 'up'), walk(node, column, 'down')]).then(function (r) {
      return { up: r[0], down: r[1] };
    });
  };
})(window);
