export * from './events';
export * from './variables';
export * from './payload';
export * from './samples';
export * from './api/schemas';
export * from './api/routes';
export * from './api/contact-details';
export * from './api/contacts';
export * from './api/companies';
export * from './api/activities';
export * from './api/pipelines';
export * from './api/sequences';
export * from './api/transport';
export {
  ClarkyApiError,
  accessAdvice,
  type AccessRequest,
  type ClarkyApiErrorInit,
  type ClarkyErrorCode,
} from './api/errors';
export { BACKGROUND_RETRY, DEFAULT_RETRY, type RetryOptions, type RetryPolicy } from './api/retry';
export * from './api/client';
export { REDACTED, createRedactor, type Redact } from './api/redact';
export * from './template';
export * from './bearer';
export * from './actions';
export * from './field-label';
