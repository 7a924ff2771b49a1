/* global module, require */
// Zapier's runtime loads ./index.js and expects the app definition itself as the export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('./dist/index.js').default;
