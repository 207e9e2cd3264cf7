import { descriptorOf } from '../protocols/descriptors.ts';
import type { Position } from '../core/types.ts';

/**
 * `accrue(position, seconds)`: the same position `seconds` after its block with prices and rates held, its
 * amounts grown as the protocol's own accrual would grow them; `undefined` when the protocol has no
 * projection or the reader gave no interest state. Each protocol supplies its hook in its descriptor
 * (`ProtocolDescriptor.accrue`), so a protocol, or a new release of one, plugs in its own index math
 * while the health factor stays the engine's rule for that protocol.
 */
export type Accrue = (position: Position, seconds: bigint) => Position | undefined;

export const accrue: Accrue = (position, seconds) => descriptorOf(position.protocol).accrue?.(position, seconds);
