/* The part of the graph that is drawn: a focus dataset with N hops up and down, capped at a node budget so
   dagre never lays out more than it can do quickly (issue 6: ~1 s for 500 nodes, ~60 s for 2,000). */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});

  function decode(e) { return e < 0 ? -e - 1 : e; }

  /** Inverts the parent lists (same encoding: a streaming edge to child c is stored as -(c + 1)). */
  W.invertEdges = function (up) {
    var down = up.map(function () { return []; });
    for (var c = 0; c < up.length; c++) {
      var parents = up[c];
      for (var j = 0; j < parents.length; j++) {
        var e = parents[j];
        down[decode(e)].push(e < 0 ? -(c + 1) : c);
      }
    }
    return down;
  };

  /**
   * Ancestors up to `hops` levels and descendants up to `hops` levels of `center` (hops = Infinity: all),
   * adding whole levels alternately up and down while they fit in `maxNodes`; a level that does not fit is
   * cut, and the nodes on the cut get counts of what is hidden behind them.
   * Returns {nodes, edges: [[from, to, streaming]], level: {node: signed hop}, hiddenUp, hiddenDown, truncated}.
   */
  W.subgraph = function (up, down, center, hops, maxNodes) {
    var level = {}; level[center] = 0;
    var nodes = [center], truncated = false;
    var frontiers = { up: [center], down: [center] };
    for (var h = 1; h <= hops; h++) {
      var grew = false;
      ['up', 'down'].forEach(function (dir) {
        var adj = dir === 'up' ? up : down, next = [];
        frontiers[dir].forEach(function (i) {
          adj[i].forEach(function (e) {
            var j = decode(e);
            if (level[j] !== undefined) return;
            if (nodes.length >= maxNodes) { truncated = true; return; }
            level[j] = dir === 'up' ? -h : h;
            nodes.push(j); next.push(j);
          });
        });
        frontiers[dir] = next;
        if (next.length) grew = true;
      });
      if (!grew) break;
    }
    return W.induced(up, down, nodes, level, truncated);
  };

  /** Every node (for small pipelines). */
  W.wholeGraph = function (up, down) {
    var nodes = [], level = {};
    for (var i = 0; i < up.length; i++) { nodes.push(i); level[i] = 0; }
    return W.induced(up, down, nodes, level, false);
  };

  /** The edges among `nodes`, plus per node the number of neighbours left out. */
  W.induced = function (up, down, nodes, level, truncated) {
    var inSet = {}, edges = [], hiddenUp = {}, hiddenDown = {};
    nodes.forEach(function (i) { inSet[i] = true; });
    nodes.forEach(function (c) {
      var hu = 0, hd = 0;
      up[c].forEach(function (e) {
        var p = decode(e);
        if (inSet[p]) edges.push([p, c, e < 0]); else hu++;
      });
      down[c].forEach(function (e) { if (!inSet[decode(e)]) hd++; });
      if (hu) hiddenUp[c] = hu;
      if (hd) hiddenDown[c] = hd;
    });
    return { nodes: nodes, edges: edges, level: level, hiddenUp: hiddenUp, hiddenDown: hiddenDown, truncated: truncated };
  };
})(typeof window !== 'undefined' ? window : globalThis);
