/**
 * Which kernel object each fd of a VFIO trace refers to, followed from the calls and their results alone (no model
 * state needed): `openGroup` gives a group fd, `openContainer` a new container, `groupGetDeviceFd` a device fd,
 * `dup` copies, `close` forgets, `exit` forgets everything. Used by the Mermaid renderer (who receives each call) and
 * the strace replay (which container an undecoded SET_CONTAINER argument may be).
 */
import type { Json, Label } from '../../../checker/engine/index.js';

/** A kernel object a VFIO fd refers to. */
export interface VfioObject {
  readonly kind: 'group' | 'container' | 'device';
  /** Stable id: `group0`, `container1`, `device:dev0`. */
  readonly id: string;
  /** Human name: `group 0`, `container 1`, `device dev0`. */
  readonly name: string;
}

const field = (params: Json, key: string): Json | undefined =>
  params !== null && typeof params === 'object' && !Array.isArray(params) ? (params as { [k: string]: Json })[key] : undefined;

/** Follows fds through a VFIO call sequence. Feed every step in order with {@link FdObjects.step}. */
export class FdObjects {
  private readonly fds = new Map<number, VfioObject>();
  private containers = 0;

  /** The object `fd` refers to now, if the tracker knows it. */
  objectOf(fd: number): VfioObject | undefined {
    return this.fds.get(fd);
  }

  /** The fds currently open on objects of `kind`, in increasing order. */
  fdsOfKind(kind: VfioObject['kind']): number[] {
    return [...this.fds.entries()].filter(([, o]) => o.kind === kind).map(([fd]) => fd).sort((a, b) => a - b);
  }

  /** The object `label` acts on (its `fd` parameter's object), or undefined. */
  target(label: Label): VfioObject | undefined {
    const fd = field(label.params, 'fd');
    if (typeof fd === 'number') return this.fds.get(fd);
    if (label.action === 'openGroup') {
      const g = field(label.params, 'group');
      return { kind: 'group', id: `group${String(g)}`, name: `group ${String(g)}` };
    }
    if (label.action === 'openContainer') return { kind: 'container', id: `container${this.containers}`, name: `container ${this.containers}` };
    return undefined;
  }

  /** Records the effect of one step (`result` as the kernel returned it). */
  step(label: Label, result: Json | undefined): void {
    const ok = typeof result === 'number' && result >= 0;
    const fd = field(label.params, 'fd');
    switch (label.action) {
      case 'openGroup':
      case 'openContainer': {
        const object = this.target(label)!;
        if (label.action === 'openContainer' && ok) this.containers += 1;
        if (ok) this.fds.set(result, object);
        break;
      }
      case 'groupGetDeviceFd': {
        const device = field(label.params, 'device');
        if (ok) this.fds.set(result, { kind: 'device', id: `device:${String(device)}`, name: `device ${String(device)}` });
        break;
      }
      case 'dup':
        if (ok && typeof fd === 'number' && this.fds.has(fd)) this.fds.set(result, this.fds.get(fd)!);
        break;
      case 'close':
        if (typeof fd === 'number' && result === 0) this.fds.delete(fd);
        break;
      case 'exit':
        this.fds.clear();
        break;
      default:
        break;
    }
  }
}
