// Shapes of real credentials: an OpenAI-style key, a bearer header, a GitHub token.
const SECRET_SHAPES: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/,
  /\bBearer\s+[A-Za-z0-9._~+/-]{8,}/i,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/,
];

/** Lines of a file that look like a credential, each named by file and line number. */
export function secretLiteralProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  text.split('\n').forEach((line, index) => {
    if (SECRET_SHAPES.some((shape) => shape.test(line)))
      problems.push(
        `${file}:${index + 1}: looks like a credential; secrets come from a secret store`,
      );
  });
  return problems;
}
