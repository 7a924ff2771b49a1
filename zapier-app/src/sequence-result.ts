/**
 * What Start Sequence hands to the next step. Clarky documents no field of its 202 answer, so besides the status
 * (and Clarky's `data`, kept as it came) the result names what was started for whom: the template and the
 * person's email and phone number as given, and whether it was auto-approved.
 */
import type { ActionValues, SequenceStarted } from '@clarky/core';

export function sequenceResult(started: SequenceStarted, values: ActionValues): Record<string, unknown> {
  const given = (key: string) => (typeof values[key] === 'string' && values[key] !== '' ? values[key] : null);
  return {
    status: started.status,
    template_id: given('template_id'),
    email: given('email'),
    phone_number: given('phone_number'),
    auto_approve: values.auto_approve === true,
    data: started.data,
  };
}
