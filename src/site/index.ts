export { buildSite, type SiteOptions } from './build-site.js';
export { serveSite, type ServeOptions } from './serve-site.js';
export { readRunHistory } from './read-run-history.js';
export { buildSiteData, type SiteData } from './build-site-data.js';
export { invertLineage, type ColumnUse } from './invert-lineage.js';
export { scriptJson } from './script-json.js';
