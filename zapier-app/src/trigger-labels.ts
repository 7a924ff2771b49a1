/**
 * Each event's trigger as Zapier's guidelines name triggers: "New ..." for something that happened, "Updated ..." and
 * "Deleted ..." for changes, in plain words. Clarky's own event names (core's displayName: "Booking No Show") stay
 * what the webhook and the n8n node show. Only the label is Zapier's: the trigger's key is the event's, unchanged.
 */
import type { EventKey } from '@clarky/core';

export const TRIGGER_LABELS: { readonly [K in EventKey]: string } = {
  'contact.created': 'New Contact',
  'contact.updated': 'Updated Contact',
  'contact.deleted': 'Deleted Contact',
  'conversation.started': 'New Conversation',
  'conversation.updated': 'Updated Conversation',
  'conversation.bad_sentiment': 'New Negative Sentiment in Conversation',
  'escalation.requested': 'New Escalation Request',
  'message.sent': 'New Outbound Message',
  'message.received': 'New Inbound Message',
  'booking.created': 'New Booking',
  'booking.confirmed': 'New Confirmed Booking',
  'booking.cancelled': 'New Cancelled Booking',
  'booking.rescheduled': 'New Rescheduled Booking',
  'booking.completed': 'New Completed Booking',
  'booking.no_show': 'New No-Show Booking',
  'booking.reminder_sent': 'New Booking Reminder',
};
