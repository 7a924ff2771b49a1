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
    const owner: Owner = { email: 'owner@clarky.test', password: `Clarky-${randomBytes(6).toString('hex')}-1` };
    const session = await N8nRestSession.signIn(url, '/owner/setup', {
      ...owner,
      firstName: 'Clarky',
      lastName: 'Tests',
    });
    return { session, owner };
  }

  /** Signs in as an existing user, e.g. the owner again after n8n restarted. */
  static logIn(url: string, owner: Owner): Promise<N8nRestSession> {
    return N8nRestSession.signIn(url, '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
  }

  /** A new browser session: the cookie n8n sets on answering `route`. */
  private static async signIn(url: string, route: string, body: unknown): Promise<N8nRestSession> {
    const browserId = randomUUID();
    const response = await fetch(`${url}/rest${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'browser-id': browserId },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`n8n POST /rest${route} answered ${response.status}: ${await response.text()}`);
    const cookie = response.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    return new N8nRestSession(url, browserId, cookie);
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
