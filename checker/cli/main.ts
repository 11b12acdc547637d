#!/usr/bin/env node
/** The lifecheck executable: runs the program on the process's arguments and exits with its code. */
import { createProgram } from './program.js';
import { processIo } from './io.js';

const { run } = createProgram(processIo());
process.exitCode = await run(process.argv.slice(2));
