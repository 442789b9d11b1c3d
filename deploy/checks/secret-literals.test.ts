// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ ... }} is literal text of a workflow here.
import { describe, expect, it } from 'vitest';
import { secretLiteralProblems } from './secret-literals.js';

describe('secretLiteralProblems', () => {
  it('names the file and line of an OpenAI-style key, a bearer header and a GitHub token', () => {
    const text =
      'a: 1\nkey: sk-proj-abcdef123456\nh: Bearer abcdefgh12345678\nt: ghp_abcdefghijklmnopqrstuvwxyz012345\n';
    expect(
      secretLiteralProblems('f.yaml', text).map((p) => p.split(':').slice(0, 2).join(':')),
    ).toEqual(['f.yaml:2', 'f.yaml:3', 'f.yaml:4']);
  });

  it('passes references to a secret store and short placeholders', () => {
    const text =
      'API_KEY: ${{ secrets.LLM_API_KEY }}\nkey: API_KEY\nname: sk-1\nrun: kubectl create secret generic s --from-literal=API_KEY="$API_KEY"\n';
    expect(secretLiteralProblems('f.yaml', text)).toEqual([]);
  });
});
