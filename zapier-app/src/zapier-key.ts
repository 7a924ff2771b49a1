/** Zapier keys allow no dots: core's `booking.confirmed` or `contact.create` become `booking_confirmed`, `contact_create`. */
export function zapierKey(coreKey: string): string {
  return coreKey.replace(/\./g, '_');
}
