export * from './events';
export * from './variables';
export * from './payload';
export * from './samples';
export * from './api/schemas';
export * from './api/routes';
export * from './api/transport';
