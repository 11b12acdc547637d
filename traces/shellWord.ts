/**
 * Quoting for the commands lifecheck prints for a user to paste into a POSIX shell (the `Reproduce:` hints).
 */

/** Characters a word may hold unquoted in sh, bash and zsh without any expansion or splitting. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * `word` as one shell word: unchanged when it holds only characters no POSIX shell treats specially, otherwise in
 * single quotes (an embedded `'` becomes `'\''`). Guarantees: `sh -c "printf %s <result>"` prints `word` exactly.
 */
export function shellWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A command line of words, each quoted with {@link shellWord}, separated by single spaces. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(' ');
}
