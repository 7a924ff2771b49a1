// n8n's community-node lint: the stock configuration of `n8n-node lint` (@n8n/node-cli), imported unchanged, on
// what ships (nodes/, credentials/, shared/, package.json). `n8n-node lint` itself is not run: with "strict": true
// (package.json's "n8n" block) it refuses any eslint.config.mjs but its two-line template, which would lint test/
// and scripts/ as shipped code (see README.md, "How the package is built and linted").
import js from '@eslint/js';
import { config as n8nStock } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

// The one exception: test/ and scripts/ never ship ("files" is dist/) and run in Node on our machines, so n8n's
// rules for code n8n loads (no fs, no child_process, no process, no console) do not apply; they get plain
// TypeScript rules instead.
const notShipped = ['test/**', 'scripts/**'];

/** A block of nothing but ignores is global (the stock one ignores dist/): it stays as it is. */
const isGlobalIgnore = (block) => Object.keys(block).every((key) => key === 'ignores' || key === 'name');

export default [
  ...n8nStock.map((block) =>
    isGlobalIgnore(block) ? block : { ...block, ignores: [...(block.ignores ?? []), ...notShipped] },
  ),
  ...tseslint.config({
    files: notShipped.map((folder) => `${folder}/*.ts`),
    extends: [js.configs.recommended, tseslint.configs.recommended],
  }),
];
