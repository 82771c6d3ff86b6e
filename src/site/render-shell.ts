import { APP_SCRIPTS, APP_STYLES } from './site-assets.js';

/**
 * `index.html`: a static shell with no user text in it (the title and everything else is set from
 * `data/index.js` with textContent), so escaping lives in one place: the browser app's DOM helpers.
 */
export function renderShell(version: string): string {
  const v = encodeURIComponent(version);
  const styles = APP_STYLES.map((s) => `  <link rel="stylesheet" href="assets/${s}?v=${v}">`).join('\n');
  const scripts = ['data/index.js', 'assets/dagre.min.js', ...APP_SCRIPTS.map((s) => `assets/${s}`)]
    .map((s) => `  <script src="${s}?v=${v}"></script>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'">
  <title>Weir docs</title>
${styles}
</head>
<body>
  <a class="skip" href="#main">Skip to content</a>
  <header class="topbar">
    <a class="brand" href="#/"><span class="brand-mark" aria-hidden="true"></span><span class="brand-name">Weir</span><span class="brand-project" id="project-name"></span></a>
    <nav class="nav" aria-label="Sections">
      <a href="#/" data-nav="graph">Graph</a>
      <a href="#/runs" data-nav="runs">Runs</a>
      <a href="#/quality" data-nav="quality">Quality</a>
    </nav>
    <div class="search" id="search"></div>
  </header>
  <main id="main" tabindex="-1"><p class="loading">Loading…</p></main>
  <noscript><p class="noscript">This documentation site needs JavaScript.</p></noscript>
${scripts}
</body>
</html>
`;
}
