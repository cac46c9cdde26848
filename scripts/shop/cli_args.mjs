// A small option parser for the going-live commands: --name VALUE pairs
// (repeatable ones collected), positional words, and a clear error for
// anything unknown.

/**
 * parseArgs(argv, { values: ['--catalog', ...], repeatable: ['--origin'], flags: ['--force'] })
 *   -> { options: { catalog: 'x', origin: ['a', 'b'], force: true }, positional: [...] }
 */
export function parseArgs(argv, { values = [], repeatable = [], flags = [] }) {
  const options = {};
  const positional = [];
  const key = (option) => option.slice(2).replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (flags.includes(arg)) {
      options[key(arg)] = true;
    } else if (values.includes(arg) || repeatable.includes(arg)) {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`${arg} needs a value`);
      if (repeatable.includes(arg)) (options[key(arg)] ??= []).push(value);
      else options[key(arg)] = value;
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  return { options, positional };
}
