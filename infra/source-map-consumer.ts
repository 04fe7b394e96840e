// Bundled in place of `source-map-js` (see BUNDLE_ALIASES): the functions read source maps and
// never write one, so the generator and SourceNode (8.5 KB of the package's CommonJS, which esbuild
// cannot tree-shake) stay out of every bundle. The path is relative because the alias also
// catches the package's own subpaths.
export { SourceMapConsumer } from '../node_modules/source-map-js/lib/source-map-consumer.js';
