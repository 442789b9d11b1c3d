export * from './read-samples-file.js';
export * from './read-samples-file-header.js';
export * from './samples-file-format.js';
export * from './samples-file-writer.js';
