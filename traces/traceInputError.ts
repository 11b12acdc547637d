/**
 * The error every trace reader throws for input it cannot read: one line saying where (file and line number when
 * known) and what is wrong. The CLI prints its message as is and exits 2.
 */
export class TraceInputError extends Error {
  constructor(
    /** The 1-based line of the input where the problem is, when it is known. */
    readonly line: number | undefined,
    /** What is wrong, in one line, without the location. */
    readonly reason: string,
    /** A name for the input (a file path), used in the message. */
    readonly source = 'input',
  ) {
    super(line === undefined ? `${source}: ${reason}` : `${source}:${line}: ${reason}`);
    this.name = 'TraceInputError';
  }
}
