/**
 * n8n's internal REST API (`/rest`) as the owner's browser session sees it: the first-run owner setup, API keys,
 * and what the editor shows after "Publish" (n8n 2.x activates workflows in the background and reports failures
 * per trigger in the publication status, not in the activation response).
 */
import { randomBytes, randomUUID } from 'node:crypto';

export interface Owner {
  email: string;
  password: string;
}

export interface PublicationStatus {
  status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
  triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export class N8nRestSession {
  private constructor(
    private readonly url: string,
    // n8n ties its auth cookie to a browser id header; any stable value works for one headless session.
    private readonly browserId: string,
    private readonly cookie: string,
  ) {}

  /** Creates the owner of a fresh instance and signs in as them. */
  static async setUpOwner(url: string): Promise<{ session: N8nRestSession; owner: Owner }> {
    const browserId = randomUUID();
    const owner: Owner = { email: 'owner@clarky.test', password: `Clarky-${randomBytes(6).toString('hex')}-1` };
    const response = await fetch(`${url}/rest/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'browser-id': browserId },
      body: JSON.stringify({ ...owner, firstName: 'Clarky', lastName: 'Tests' }),
    });
    if (!response.ok) throw new Error(`n8n owner setup answered ${response.status}: ${await response.text()}`);
    const cookie = response.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    return { session: new N8nRestSession(url, browserId, cookie), owner };
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/rest${route}`, {
      method,
      headers: { 'content-type': 'application/json', 'browser-id': this.browserId, cookie: this.cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`n8n ${method} /rest${route} answered ${response.status}: ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { data: T }).data;
  }

  /** A public-API key with these scopes; the raw key is shown once, here. */
  async createApiKey(label: string, scopes: string[]): Promise<string> {
    const created = await this.call<{ rawApiKey: string }>('POST', '/api-keys', { label, expiresAt: null, scopes });
    return created.rawApiKey;
  }

  publicationStatus(workflowId: string): Promise<PublicationStatus> {
    return this.call('GET', `/workflows/${workflowId}/publication-status`);
  }
}
