/** The Clarky Trigger's end-to-end suite on the current n8n line (2.x). */
import { N8N_VERSIONS } from '@clarky/n8n-harness';
import { clarkyTriggerSuite } from './clarky-trigger-suite';

clarkyTriggerSuite(N8N_VERSIONS[0]);
