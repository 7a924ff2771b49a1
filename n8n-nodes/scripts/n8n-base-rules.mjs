// eslint-plugin-n8n-nodes-base's credentials and nodes rule sets, less the rules n8n's stock lint (@n8n/node-cli's
// config, which eslint.config.mjs uses) turns off: for the offline verification scan (scripts/scan.mts).
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

export const credentialsRules = {
  ...n8nNodesBase.configs.credentials.rules,
  'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
  'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
};

export const nodesRules = {
  ...n8nNodesBase.configs.nodes.rules,
  'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
  'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
  'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
};
