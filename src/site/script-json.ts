/**
 * Serialises `value` as a JavaScript expression that is safe to place in a `.js` file loaded by
 * `<script src>` or inline in a `<script>` element: user text such as `</script>` or `<!--` must never end
 * or change the script (issue 6's XSS project). JSON is valid JS once U+2028/U+2029 are escaped too.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
