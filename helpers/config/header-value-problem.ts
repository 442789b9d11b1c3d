/**
 * Why a value cannot be sent as an HTTP header value, or `null` when it can: the bytes
 * allowed are tab, printable ASCII and 0x80-0xFF (what undici accepts). Never quotes the value.
 */
export function headerValueProblem(value: string): string | null {
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (code === 0x0d || code === 0x0a) return 'it contains a line break (CR or LF)';
    if (code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff)) {
      continue;
    }
    if (code < 0x20 || code === 0x7f) return 'it contains a control character';
    return 'it contains a character outside Latin-1 (such as a typographic quote or an emoji)';
  }
  return null;
}
