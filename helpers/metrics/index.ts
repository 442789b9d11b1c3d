export * from './metric-store.js';
export * from './metrics-error.js';
export * from './parse-selector.js';
export * from './parse-threshold.js';
export * from './record-sample.js';
export * from './sorted-float64-array.js';
export * from './statistics.js';
