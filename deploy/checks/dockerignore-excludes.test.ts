import { describe, expect, it } from 'vitest';
import { dockerignoreExcludes } from './dockerignore-excludes.js';

describe('dockerignoreExcludes', () => {
  it('drops a named file and everything under a named folder', () => {
    expect(dockerignoreExcludes('.env\nnode_modules\n', '.env')).toBe(true);
    expect(dockerignoreExcludes('.env\nnode_modules\n', 'node_modules/vitest/package.json')).toBe(
      true,
    );
    expect(dockerignoreExcludes('.env\nnode_modules\n', 'helpers')).toBe(false);
  });

  it('matches * within one path segment only', () => {
    expect(dockerignoreExcludes('.env.*\n', '.env.local')).toBe(true);
    expect(dockerignoreExcludes('.env.*\n', '.env')).toBe(false);
    expect(dockerignoreExcludes('specs/*.ts\n', 'specs/smoke/models.spec.ts')).toBe(false);
  });

  it('lets the last matching line win, so ! re-includes', () => {
    expect(dockerignoreExcludes('.env.*\n!.env.example\n', '.env.example')).toBe(false);
    expect(dockerignoreExcludes('!.env.example\n.env.*\n', '.env.example')).toBe(true);
  });

  it('ignores comments, blank lines and a leading ./ or /', () => {
    expect(dockerignoreExcludes('# results\n\n./results/\n', 'results')).toBe(true);
    expect(dockerignoreExcludes('# results\n', 'results')).toBe(false);
  });
});
