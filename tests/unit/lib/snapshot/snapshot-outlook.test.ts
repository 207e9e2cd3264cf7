import { describe, expect, it } from 'vitest';
import { liquidationTime } from '../../../../lib/risk/interest-time.ts';
import { decodeSnapshot, encodeSnapshot } from '../../../../lib/snapshot/index.ts';
import { alice, entry, snapshotOf } from '../../fixtures/popup.ts';

const RAY = 10n ** 27n;

function withInterest() {
  const base = alice('15000');
  return {
    ...base,
    oracles: [{ asset: base.collateral[0]!.address, updatedAt: 1_699_999_000n, feeds: [{ address: base.collateral[0]!.address, invert: false }] }],
    interest: {
      protocol: 'aave-v3' as const,
      compounding: 'binomial' as const,
      balanceRounding: 'half-up' as const,
      reserves: [
        { asset: base.debt[0]!.address, liquidityIndex: RAY, liquidityRate: 0n, variableBorrowIndex: RAY + 12345n, variableBorrowRate: RAY / 25n, lastUpdate: base.timestamp - 100n, scaledSupply: 0n, scaledVariableDebt: base.debt[0]!.amount - 7n },
      ],
    },
  };
}

describe('stored positions keep what the projection needs', () => {
  it('interest state and oracle references survive storage exactly: the same liquidation time after', () => {
    const p = withInterest();
    const back = decodeSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(snapshotOf([entry(p)]))))).snapshot!.positions[0]!.position;
    expect(back.interest).toEqual(p.interest);
    expect(back.oracles).toEqual(p.oracles);
    expect(liquidationTime(back)).toBe(liquidationTime(p));
    expect(liquidationTime(p)).not.toBeNull();
  });

  it('an interest state this build cannot read is dropped alone; the position stays', () => {
    const raw = JSON.parse(JSON.stringify(encodeSnapshot(snapshotOf([entry(withInterest())]))));
    raw.positions[0].position.interest = { protocol: 'aave-v9', whatever: 1 };
    raw.positions[0].outlook = { chance: { '1d': 2, '7d': 0.1 }, legs: [] };
    const { snapshot, issues } = decodeSnapshot(raw);
    expect(snapshot!.positions).toHaveLength(1);
    expect(snapshot!.positions[0]!.position.interest).toBeUndefined();
    expect(snapshot!.positions[0]!.outlook).toBeUndefined();
    expect(issues.join()).toContain('outlook');
    expect(liquidationTime(snapshot!.positions[0]!.position)).toBeNull();
  });
});
