export * from './attach-sla-result.js';
export * from './check-sla.js';
export * from './format-sla-message.js';
export * from './sla-limit.js';
export * from './sla-matchers.js';
