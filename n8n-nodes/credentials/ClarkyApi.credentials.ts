import type {
  IAuthenticateGeneric,
  IAuthenticateRuleResponseCode,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';
import { DEFAULT_BASE_URL, ROUTES, accessAdvice, type AccessRequest } from '@clarky/core';

/** The test request below as the core client describes it; n8n shows a rule's message as fixed text. */
const TEST_REQUEST: AccessRequest = { method: 'GET', path: ROUTES.agents };

export class ClarkyApi implements ICredentialType {
  name = 'clarkyApi';

  displayName = 'Clarky API';

  icon: Icon = { light: 'file:../icons/clarky.svg', dark: 'file:../icons/clarky.dark.svg' };

  documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-clarky#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      placeholder: 'ck_live_...',
      description:
        'Create one in Clarky under Settings > API Keys. It needs the write scope, so that the trigger can register its webhook.',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: DEFAULT_BASE_URL,
      required: true,
      description: 'Where the Clarky API lives. Keep the default unless Clarky gave you another address.',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: {
        Authorization: '=Bearer {{$credentials.apiKey}}',
      },
    },
  };

  // One cheap read. For these statuses n8n shows the rule's message: the core client's words for the same answer.
  // If Clarky can't be reached at all, n8n shows the network error code (e.g. ECONNREFUSED, ENOTFOUND).
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: ROUTES.agents,
      qs: { page_size: 1 },
    },
    rules: ([401, 403, 404] as const).map((status): IAuthenticateRuleResponseCode => ({
      type: 'responseCode',
      properties: { value: status, message: accessAdvice(status, TEST_REQUEST) },
    })),
  };
}
