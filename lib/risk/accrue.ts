import { accrueAave } from '../protocols/aave-v3/accrue.ts';
import { accrueComet } from '../protocols/compound-v3/accrue.ts';
import { accrueMorpho } from '../protocols/morpho-blue/accrue.ts';
import type { Position, ProtocolId } from './types.ts';

/**
 * `accrue(position, seconds)`: the same position `seconds` after its block with prices and rates held, its
 * amounts grown as the protocol's own accrual would grow them; `undefined` when the reader gave no interest
 * state. One hook per protocol, so a protocol (or a new release of one) plugs in its own index math here
 * while the health factor stays the engine's rule for that protocol.
 */
export type Accrue = (position: Position, seconds: bigint) => Position | undefined;

export const accruals: { [P in ProtocolId]?: Accrue } = {
  'aave-v3': accrueAave,
  'morpho-blue': accrueMorpho,
  'compound-v3': accrueComet,
};

export function accrue(position: Position, seconds: bigint): Position | undefined {
  return accruals[position.protocol]?.(position, seconds);
}
