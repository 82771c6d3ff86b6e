/* A small SQL tokenizer for highlighting (Spark SQL and DuckDB SQL share the lexical basics). It only
   classifies text; dom.js turns tokens into <span>s with textContent, so SQL is never parsed as HTML. */
(function (root) {
  'use strict';
  var W = root.Weir || (root.Weir = {});
  var KEYWORDS = ('select from where group by order having limit offset join left right full outer inner cross ' +
    'on using as and or not in is null like rlike ilike between case when then else end distinct all union ' +
    'intersect except with create or refresh replace streaming table materialized view temporary temp live ' +
    'stream comment tblproperties partitioned cluster constraint expect violation drop row fail update flow ' +
    'insert into apply changes auto cdc keys sequence delete truncate stored scd type columns track history ' +
    'ignore null updates private values cast try_cast interval true false over partition window rows range ' +
    'preceding following unbounded current qualify lateral exists asc desc nulls first last set if primary ' +
    'key foreign references unique check default generated always identity location options format once')
    .split(' ');
  var KW = {};
  KEYWORDS.forEach(function (k) { KW[k] = true; });

  /** [[kind, text]] with kind in kw|fn|str|num|com|id|op|ws|tx; concatenated texts equal the input. */
  W.tokenizeSql = function (sql) {
    var s = String(sql), out = [], i = 0, n = s.length;
    function push(kind, end) { out.push([kind, s.slice(i, end)]); i = end; }
    while (i < n) {
      var c = s.charAt(i), j;
      if (c === '-' && s.charAt(i + 1) === '-') {
        j = s.indexOf('\n', i); push('com', j < 0 ? n : j);
      } else if (c === '/' && s.charAt(i + 1) === '*') {
        j = s.indexOf('*/', i + 2); push('com', j < 0 ? n : j + 2);
      } else if (c === "'" || c === '"' || c === '`') {
        j = i + 1;
        while (j < n) {
          var d = s.charAt(j);
          if (d === '\\' && c !== '`') { j += 2; continue; }
          if (d === c) { if (s.charAt(j + 1) === c) { j += 2; continue; } j++; break; }
          j++;
        }
        push(c === "'" ? 'str' : 'id', Math.min(j, n));
      } else if (/\s/.test(c)) {
        j = i + 1; while (j < n && /\s/.test(s.charAt(j))) j++; push('ws', j);
      } else if (/[0-9]/.test(c)) {
        j = i + 1; while (j < n && /[0-9.eE_]/.test(s.charAt(j))) j++; push('num', j);
      } else if (/[A-Za-z_$]/.test(c)) {
        j = i + 1; while (j < n && /[A-Za-z0-9_$]/.test(s.charAt(j))) j++;
        var word = s.slice(i, j).toLowerCase(), k = j;
        while (k < n && s.charAt(k) === ' ') k++;
        push(KW[word] ? 'kw' : s.charAt(k) === '(' ? 'fn' : 'tx', j);
      } else {
        push('op', i + 1);
      }
    }
    return out;
  };
})(typeof window !== 'undefined' ? window : globalThis);
