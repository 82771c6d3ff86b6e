/* Number, time and status formatting shared by every page. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});

  W.formatCount = function (n) {
    if (n === null || n === undefined) return '–';
    var a = Math.abs(n);
    if (a >= 1e9) return (n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'B';
    if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e4) return (n / 1e3).toFixed(0) + 'k';
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  };

  W.formatExact = function (n) {
    return n === null || n === undefined ? '–' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  };

  W.formatSeconds = function (s) {
    if (s === null || s === undefined) return '–';
    if (s < 1) return Math.round(s * 1000) + ' ms';
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
    return Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  };

  /** UTC on purpose: the same link shows the same time to everyone reading a PR comment. */
  W.formatTime = function (iso) {
    if (!iso) return '–';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return String(iso);
    return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  };

  W.formatPercent = function (x) {
    if (x === null || x === undefined) return '–';
    if (x === 0) return '0%';
    if (x < 0.001) return '<0.1%';
    return (x * 100).toFixed(x < 0.1 ? 1 : 0) + '%';
  };

  var STATUS = {
    COMPLETED: ['OK', 'ok'], WARN: ['WARN', 'warn'], FAILED: ['FAIL', 'fail'], SKIPPED: ['SKIPPED', 'skip'],
    EXCLUDED: ['EXCLUDED', 'muted'], IDLE: ['IDLE', 'muted'], 'NO-OP': ['NO-OP', 'muted'],
  };
  /** [label, tone] of a run status; tone picks the badge colour. */
  W.statusLabel = function (status) { return STATUS[status] || [String(status), 'muted']; };

  var KIND = {
    streaming_table: ['Streaming table', 'ST'], materialized_view: ['Materialized view', 'MV'], view: ['View', 'V'],
    temporary_view: ['Temporary view', 'TV'], files: ['File source', 'FILES'], external: ['External table', 'EXT'],
  };
  W.kindLabel = function (kind) { return (KIND[kind] || [kind, kind])[0]; };
  W.kindShort = function (kind) { return (KIND[kind] || [kind, kind])[1]; };
})(typeof window !== 'undefined' ? window : globalThis);
