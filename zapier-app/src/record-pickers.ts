/**
 * Input fields, by core's field key, that take the id of a record: a dropdown to pick it (a hidden trigger of
 * record-dropdowns.ts) and the search each points at, so Zapier offers "find it first" as well.
 */
import type { PlainInputField } from 'zapier-platform-core';
import { zapierKey } from './zapier-key';

/** The keys of the hidden triggers behind the dropdowns. */
export const CONTACT_DROPDOWN_KEY = 'contact';
export const COMPANY_DROPDOWN_KEY = 'company';

export const RECORD_PICKERS: Readonly<Record<string, Pick<PlainInputField, 'dynamic' | 'search'>>> = {
  contact_id: {
    dynamic: `${CONTACT_DROPDOWN_KEY}.id.name`,
    search: `${zapierKey('contact.getByEmail')}.id`,
  },
  company_id: {
    dynamic: `${COMPANY_DROPDOWN_KEY}.id.name`,
    search: `${zapierKey('company.findByDomain')}.id`,
  },
};
