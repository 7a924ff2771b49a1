/* global exports */
/**
 * The smallest community webhook trigger: no parameters, no credential, a webhook description of plain values
 * (nothing for n8n's expression engine to resolve). Saved as typeVersion 2 it meets every condition of n8n's
 * live-webhook isolate exemption but one: it is not n8n's own Webhook node. Saved as typeVersion 1 it also shows what
 * n8n evaluates for any version-1 start node (the Webhook v1 binaryData option). It answers on receipt and hands the
 * JSON body on as one item, as the Webhook node does. Plain JavaScript with no imports, so it needs no build.
 */
class MinimalTrigger {
  description = {
    displayName: 'Minimal Trigger',
    name: 'minimalTrigger',
    group: ['trigger'],
    version: [1, 2],
    description: 'Starts the workflow on a POST to its webhook',
    defaults: { name: 'Minimal Trigger' },
    inputs: [],
    outputs: ['main'],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [],
  };

  async webhook() {
    return { workflowData: [[{ json: this.getBodyData() }]] };
  }
}

exports.MinimalTrigger = MinimalTrigger;
