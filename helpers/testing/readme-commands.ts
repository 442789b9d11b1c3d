/** A shell command shown in a markdown file. */
export interface ShownCommand {
  /** 1-based line where it starts. */
  line: number;
  /** The command, without its trailing `# comment`, continuation lines joined. */
  command: string;
}

/** Inline code that is a command: optional `NAME=value` prefixes, then a program we ship or use. */
const INLINE_COMMAND =
  /^(?:[A-Z][A-Z0-9_]*=(?:"[^"]*"|'[^']*'|\S)*\s+)*(?:npx|npm|node|tsx|curl|jq|apt-get)(?:\s|$)/;

/**
 * Every command of a markdown file: each line of a ```sh (or bash, shell) block, and every
 * inline code span elsewhere (prose and table cells) that reads as a command.
 */
export function shownCommands(markdown: string): ShownCommand[] {
  const commands: ShownCommand[] = [];
  const seen = new Set<string>();
  const add = (line: number, command: string) => {
    if (command === '' || seen.has(command)) return;
    seen.add(command);
    commands.push({ line, command });
  };
  let fence: { marker: string; shell: boolean } | null = null;
  let pending: ShownCommand | null = null;
  markdown.split('\n').forEach((text, index) => {
    const line = index + 1;
    const opening = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (opening !== null) {
      const marker = (opening[1] as string)[0] as string;
      if (fence === null) {
        fence = { marker, shell: ['sh', 'bash', 'shell'].includes(opening[2] as string) };
      } else if (marker === fence.marker) {
        fence = null;
      }
      return;
    }
    if (fence?.shell) {
      const code = text.replace(/\s+#\s.*$/, '').trim();
      if (code.startsWith('#')) return;
      const joined = pending === null ? code : `${pending.command} ${code}`;
      const start = pending?.line ?? line;
      if (joined.endsWith('\\')) {
        pending = { line: start, command: joined.slice(0, -1).trim() };
      } else {
        pending = null;
        add(start, joined.replace(/\s+/g, ' '));
      }
      return;
    }
    if (fence !== null) return;
    for (const match of text.matchAll(/`([^`]+)`/g)) {
      const code = (match[1] as string).trim();
      if (INLINE_COMMAND.test(code)) add(line, code.replace(/\s+/g, ' '));
    }
  });
  return commands;
}

/** The `NAME=value` assignments a command starts with, quotes removed, `$NAME` substituted. */
export function leadingAssignments(
  command: string,
  variables: Readonly<Record<string, string>> = {},
): { env: Record<string, string>; rest: string } {
  const env: Record<string, string> = {};
  let rest = command;
  for (;;) {
    const match = /^([A-Z][A-Z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))(?:\s+|$)/.exec(rest);
    if (match === null) break;
    const raw = match[3] ?? match[4] ?? match[5] ?? '';
    // Single quotes keep `$` literal in a shell; double quotes and bare words expand it.
    env[match[1] as string] =
      match[4] === undefined
        ? raw.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_all, braced?: string, bare?: string) => {
            const name = (braced ?? bare) as string;
            const value = variables[name];
            if (value === undefined) throw new Error(`${command}: $${name} has no value`);
            return value;
          })
        : raw;
    rest = rest.slice(match[0].length);
  }
  return { env, rest };
}
