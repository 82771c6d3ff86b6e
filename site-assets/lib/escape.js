/* Escaping helpers. The app builds DOM with textContent (see dom.js), so these are for the few places
   that need a string form: hash routes and HTML snippets in tests. Plain script: sets Weir.* globals. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  W.escapeHtml = function (s) {
    return String(s).replace(/[&<>"']/g, function (c) { return HTML[c]; });
  };

  /** `#/dataset/<name>`: names are user text, so every route segment is URI-encoded. */
  W.route = function (kind, name, extra) {
    var r = '#/' + kind + '/' + encodeURIComponent(name);
    if (extra !== undefined) r += '.' + encodeURIComponent(extra);
    return r;
  };

  /** Splits `<dataset>.<column>`: dataset names may not contain dots, source names (paths) may, so the
      longest prefix that names a node wins. */
  W.splitColumnRef = function (ref, isNode) {
    for (var i = ref.length - 1; i > 0; i--) {
      if (ref.charAt(i) === '.' && isNode(ref.slice(0, i))) return [ref.slice(0, i), ref.slice(i + 1)];
    }
    var dot = ref.indexOf('.');
    return dot < 0 ? [ref, ''] : [ref.slice(0, dot), ref.slice(dot + 1)];
  };
})(typeof window !== 'undefined' ? window : globalThis);
