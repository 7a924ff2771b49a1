import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  Icon,
  INodeProperties,
} from 'n8n-workflow';
import { DEFAULT_BASE_URL, ROUTES } from '@clarky/core';

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

  // One cheap read. n8n shows the rule's message for these statuses; if Clarky can't be reached
  // at all, n8n shows the network error code (e.g. ECONNREFUSED, ENOTFOUND): check the Base URL.
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl}}',
      url: ROUTES.agents,
      qs: { page_size: 1 },
    },
    rules: [
      {
        type: 'responseCode',
        properties: {
          value: 401,
          message: 'Clarky rejected the API key. Copy a valid key from Settings > API Keys in Clarky into "API Key".',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 403,
          message: 'Clarky refused this API key. Check that the key belongs to the right workspace and is not revoked.',
        },
      },
      {
        type: 'responseCode',
        properties: {
          value: 404,
          message: `Nothing answers at this Base URL. Check "Base URL": Clarky's is ${DEFAULT_BASE_URL}.`,
        },
      },
    ],
  };
}
