/** `/contacts`, a contact's activities and `POST /activities`, as Clarky documents them. */
import {
  ACTIVITY_TYPES,
  ActivityLogSchema,
  ActivitySchema,
  ContactCreateSchema,
  ROUTE_PATTERNS,
  ROUTES,
} from '@clarky/core';
import { HttpError } from '../http/http-error';
import { checkBody, missingId, unknownOf, validationError } from '../http/validation';
import { hasEmail, newContact } from '../workspace/contacts';
import { prefixedId } from '../workspace/ids';
import { buildRecord } from '../workspace/workspace-records';
import { anyTag, exact, filteredPage, oneOf, search, timeBound } from './list-filters';
import type { RouteGroup } from './route-context';

export const contactRoutes: RouteGroup = (router, { records, random, workspaceId, agentProblems }) => {
  const { contacts, companies, activities } = records;

  return router
    .on('GET', ROUTE_PATTERNS.contacts, ({ query }) => ({
      status: 200,
      body: filteredPage(contacts.list(), query, {
        search: search((contact) => [
          contact.first_name,
          contact.last_name,
          [contact.first_name, contact.last_name].join(' '),
          contact.company,
          ...contact.emails.map((entry) => entry.email),
          ...contact.phone_numbers.map((entry) => entry.phone_number),
        ]),
        tags: anyTag(),
        lead_source: exact((contact) => contact.lead_source),
        pipeline_stage_id: exact((contact) => contact.pipeline_stage_id),
        bot_id: exact((contact) => contact.bot_id),
        created_after: timeBound((contact) => contact.created_at, true),
        created_before: timeBound((contact) => contact.created_at, false),
        updated_after: timeBound((contact) => contact.updated_at, true),
      }),
    }))
    .on('GET', ROUTE_PATTERNS.contactByEmail, ({ query }) => {
      const email = query.get('email')?.trim();
      if (!email) throw validationError([{ field: 'email', message: 'is required' }]);
      const found = contacts.list().find((contact) => hasEmail(contact, email));
      if (!found) throw new HttpError('not_found', `No contact has the email ${JSON.stringify(email)}.`);
      return { status: 200, body: { data: found } };
    })
    .on('GET', ROUTE_PATTERNS.contact, ({ params }) => ({ status: 200, body: { data: contacts.require(params.id!) } }))
    .on('POST', ROUTE_PATTERNS.contacts, ({ body }) => {
      const fields = checkBody(ContactCreateSchema, body, agentProblems);
      return { status: 201, body: { data: newContact(contacts, random, workspaceId, fields) } };
    })
    .on('GET', ROUTE_PATTERNS.contactActivities, ({ params, query }) => {
      const contactId = contacts.require(params.id!).id;
      const timeline = activities
        .list()
        .filter((activity) => activity.contact_id === contactId)
        .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''));
      const filters = {
        activity_type: oneOf((activity: (typeof timeline)[number]) => activity.activity_type, ACTIVITY_TYPES),
      };
      return { status: 200, body: filteredPage(timeline, query, filters) };
    })
    .on('POST', ROUTE_PATTERNS.activities, ({ body }) => {
      const fields = checkBody(ActivityLogSchema, body, (input) => [
        ...missingId(input, 'contact_id', (id) => !!contacts.find(id), unknownOf('contact', ROUTES.contacts)),
        ...missingId(input, 'company_id', (id) => !!companies.find(id), unknownOf('company', ROUTES.companies)),
      ]);
      const activity = buildRecord(ActivitySchema, {
        metadata: {},
        ...fields,
        id: prefixedId('act', random),
        created_at: new Date().toISOString(),
      });
      return { status: 201, body: { data: activities.save(activity) } };
    });
};
