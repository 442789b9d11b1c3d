const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] as string);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>`, `&` and the line separators
 * U+2028/U+2029 become `\uXXXX` escapes, so no string can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Code safe inside a `<script>` element: every `</script` (any case) gets its slash escaped
 * (`<\/script`), which JavaScript reads the same inside strings, regexes and comments.
 */
export function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/** CSS safe inside a `<style>` element: `</style` gets its slash escaped. */
export function styleText(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}
