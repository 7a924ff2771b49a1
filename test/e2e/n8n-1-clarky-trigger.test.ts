/** The Clarky Trigger's end-to-end suite on the newest n8n 1.x, still patched and run by many self-hosters. */
import { N8N_VERSIONS } from '@clarky/n8n-harness';
import { clarkyTriggerSuite } from './clarky-trigger-suite';

clarkyTriggerSuite(N8N_VERSIONS[1]);
