/* Search over dataset names, column names, comments and file paths (issue 6). A linear scan with
   indexOf: at 10,000 datasets it stays well under a frame, and needs no index to build or ship. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});

  /** `index` is the site index (names, cols, text, file, files). */
  W.createSearch = function (index) {
    var n = index.names.length;
    var names = new Array(n), cols = new Array(n), text = new Array(n), paths = new Array(n);
    for (var i = 0; i < n; i++) {
      names[i] = index.names[i].toLowerCase();
      cols[i] = ' ' + (index.cols[i] || '').toLowerCase() + ' ';
      text[i] = (index.text[i] || '').toLowerCase();
      var f = index.file[i];
      paths[i] = f >= 0 ? index.files[f].toLowerCase() : '';
    }

    function bestColumn(i, q) {
      var list = index.cols[i].split(' ');
      var best = null, bestScore = 0;
      for (var j = 0; j < list.length; j++) {
        var c = list[j].toLowerCase();
        var s = c === q ? 3 : c.indexOf(q) === 0 ? 2 : c.indexOf(q) >= 0 ? 1 : 0;
        if (s > bestScore) { bestScore = s; best = list[j]; }
      }
      return best === null ? null : { column: best, score: bestScore };
    }

    function scoreToken(i, q) {
      var name = names[i], p = name.indexOf(q);
      if (p >= 0) {
        var s = name === q ? 1000 : p === 0 ? 800 : /[_\W]/.test(name.charAt(p - 1)) ? 700 : 600;
        return { score: s - Math.min(p, 50) - Math.min(name.length, 60) / 10, field: 'name' };
      }
      if (cols[i].indexOf(q) >= 0) {
        var c = bestColumn(i, q);
        if (c) return { score: 300 + c.score * 60, field: 'column', detail: c.column };
      }
      if (text[i].indexOf(q) >= 0) return { score: 200, field: 'comment', detail: index.text[i] };
      if (paths[i].indexOf(q) >= 0) return { score: 150, field: 'file', detail: index.files[index.file[i]] + ':' + index.line[i] };
      return null;
    }

    /** Results best first: {node, field: name|column|comment|file, detail?, score}. */
    function query(q, limit) {
      var tokens = String(q).toLowerCase().trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return [];
      var max = limit || 50, out = [];
      for (var i = 0; i < n; i++) {
        var first = scoreToken(i, tokens[0]);
        if (!first) continue;
        var total = first.score, ok = true;
        for (var t = 1; t < tokens.length && ok; t++) {
          var r = scoreToken(i, tokens[t]);
          if (!r) ok = false; else total += r.score / 4;
        }
        if (!ok) continue;
        out.push({ node: i, field: first.field, detail: first.detail, score: total });
      }
      out.sort(function (a, b) {
        return b.score - a.score || index.names[a.node].length - index.names[b.node].length ||
          (index.names[a.node] < index.names[b.node] ? -1 : index.names[a.node] > index.names[b.node] ? 1 : 0);
      });
      return out.slice(0, max);
    }

    return { query: query };
  };
})(typeof window !== 'undefined' ? window : globalThis);
