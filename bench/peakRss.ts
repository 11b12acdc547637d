/**
 * The peak resident set size of the current process, in bytes.
 */
import { readFileSync } from 'node:fs';

/**
 * Peak RSS in bytes: `VmHWM` from `/proc/self/status` where it exists (Linux), else `process.resourceUsage().maxRSS`
 * (kilobytes, converted). Both are the high-water mark since the process started.
 */
export function peakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}
