export { buildManifest, type ManifestInput } from './build-manifest.js';
export { toLocation } from './location.js';
