import { getAddress, keccak256, parseEther, toHex, type Address } from 'viem';
import { morphoBlue, morphoOraclePrice, type Devnet, type DevnetMorphoMarket } from '../../lib/devnet/index.ts';

/**
 * An attacker's token: answers `true` (uint256 1) to every call — transferFrom, balanceOf, allowance — except
 * `decimals()`, which reverts. Put in place with anvil_setCode (no compiler needed):
 *   selector = calldata[0:4]; if selector == decimals() (0x313ce567) revert; else return uint256(1).
 *   PUSH1 0 CALLDATALOAD PUSH1 0xe0 SHR PUSH4 0x313ce567 EQ PUSH1 0x19 JUMPI
 *   PUSH1 1 PUSH1 0 MSTORE PUSH1 0x20 PUSH1 0 RETURN JUMPDEST PUSH1 0 DUP1 REVERT
 */
export const NO_DECIMALS_TOKEN = '0x60003560e01c63313ce56714601957600160005260206000f35b600080fd';

/** An impersonated address with gas money. */
export async function devnetActor(devnet: Devnet, tag: string): Promise<Address> {
  const address = getAddress(keccak256(toHex(`hostile ${tag}`)).slice(0, 42));
  await devnet.client.impersonateAccount({ address });
  await devnet.client.setBalance({ address, value: parseEther('100') });
  return address;
}

/**
 * The griefing attack of issue 11 (item 2): a Morpho market whose collateral token has no `decimals()`, created
 * by an attacker, with 1 wei of collateral supplied on the victim's behalf (Morpho lets anyone do that).
 */
export async function hostileMorphoMarketFor(devnet: Devnet, victim: Address): Promise<{ market: DevnetMorphoMarket; token: Address }> {
  const m = devnet.morpho;
  const token = getAddress(keccak256(toHex('no-decimals token')).slice(0, 42));
  await devnet.client.setCode({ address: token, bytecode: NO_DECIMALS_TOKEN });
  const market = await morphoBlue.createMarket(m, {
    loan: m.tokens.USDC,
    collateral: { address: token, symbol: 'WETH', decimals: 18 },
    lltv: m.lltvs[1]!,
    price: morphoOraclePrice(1, 18, 6),
  });
  await morphoBlue.supplyCollateral(m, { account: await devnetActor(devnet, 'attacker'), market, amount: 1n, onBehalfOf: victim });
  return { market, token };
}
