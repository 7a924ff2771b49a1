/** Hidden triggers behind the Contact ID and Company ID dropdowns, read from Clarky's documented lists. */
import { SAMPLE_COMPANY, SAMPLE_CONTACT, fieldLabel, resourceLabel, type ClarkyClient } from '@clarky/core';
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { outputFields } from './action-output';
import { clarkyClient } from './clarky-client';
import { withPrimaryDetails } from './primary-details';
import { COMPANY_DROPDOWN_KEY, CONTACT_DROPDOWN_KEY } from './record-pickers';
import { withZapierErrors } from './zapier-errors';

type Row = Record<string, unknown>;
type Option = Row & { id: string };

/** What a dropdown shows for a contact: the name, then the email (or phone) that tells namesakes apart. */
function contactName(contact: Row): string {
  const name = [contact.first_name, contact.last_name].filter((part) => typeof part === 'string' && part).join(' ');
  const reach = contact.primary_email ?? contact.primary_phone_number;
  if (name && reach) return `${name} (${String(reach)})`;
  return name || String(reach ?? contact.id);
}

const asContactOption = (contact: Option): Option => {
  const shaped = withPrimaryDetails(contact);
  return { ...shaped, name: contactName(shaped) };
};

/**
 * The Clarky page for the dropdown page Zapier asks for as the user scrolls (bundle.meta.page, from 0): one request
 * each. Past the last page Clarky's is empty, and Zapier stops asking.
 */
const clarkyPage = (bundle: Bundle) => Math.max(0, Number(bundle.meta?.page) || 0) + 1;

/** A hidden polling trigger listing one kind of record for the dropdown of its `<resource>_id` field. */
function dropdownTrigger(
  resource: 'contact' | 'company',
  key: string,
  list: (client: ClarkyClient, page: number) => Promise<readonly Option[]>,
  asOption: (record: Option) => Option,
  sample: Option,
) {
  const noun = resourceLabel(resource);
  const optionSample = asOption(sample);
  return {
    key,
    noun,
    display: {
      label: `New ${noun} for Dropdown`,
      description: `Triggers when a ${resource} is added to the workspace. Feeds the ${fieldLabel(`${resource}_id`)} dropdown.`,
      hidden: true,
    },
    operation: {
      type: 'polling',
      canPaginate: true,
      perform: withZapierErrors(async (z: ZObject, bundle: Bundle) =>
        (await list(clarkyClient(z), clarkyPage(bundle))).map(asOption),
      ),
      sample: optionSample,
      outputFields: outputFields(optionSample),
    },
  } satisfies Trigger;
}

export const contactDropdownTrigger = dropdownTrigger(
  'contact',
  CONTACT_DROPDOWN_KEY,
  (client, page) => client.listContacts({}, { page }),
  asContactOption,
  SAMPLE_CONTACT,
);

export const companyDropdownTrigger = dropdownTrigger(
  'company',
  COMPANY_DROPDOWN_KEY,
  (client, page) => client.listCompanies({}, { page }),
  withPrimaryDetails,
  SAMPLE_COMPANY,
);
