// n8n's community-node lint, as `n8n-node lint` (@n8n/node-cli) configures it, run with the same
// plugins: the CLI itself is not a dependency (it pulls in LangChain), so its config is restated
// here. The n8n rules apply to what ships (nodes/, credentials/, shared/, package.json); tests and
// scripts get the plain TypeScript rules.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';
import { credentialsRules, nodesRules } from './scripts/n8n-base-rules.mjs';

const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts', 'shared/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['scripts/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: shipped,
    extends: [n8nCommunityNodesPlugin.configs.recommended],
    rules: { 'prefer-spread': 'off' },
  },
  { plugins: { 'n8n-nodes-base': n8nNodesBase } },
  {
    files: ['package.json'],
    extends: [n8nCommunityNodesPlugin.configs.recommended],
    rules: { ...n8nNodesBase.configs.community.rules },
    languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
  },
  {
    files: ['credentials/**/*.ts'],
    rules: credentialsRules,
  },
  {
    files: ['nodes/**/*.ts'],
    rules: nodesRules,
  },
);
