/**
 * The devnet's tokens, for every protocol: they are all Aave's MintableERC20 mock (anyone may mint), so an
 * action that spends tokens mints what the account lacks and approves the protocol once, instead of asking
 * the caller to fund by hand. One copy here, used by each protocol's actions.
 */
import { maxUint256, parseAbi, type Address } from 'viem';
import type { DevnetClient } from './chain.ts';
import { short, write } from './write.ts';

/** MintableERC20 from Aave's mocks: anyone may mint to themselves (or to anyone). */
export const mintableErc20Abi = parseAbi([
  'function mint(uint256 value) returns (bool)',
  'function mint(address account, uint256 value) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function balanceOf(address account) view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function symbol() view returns (string)',
  'function name() view returns (string)',
]);

export function balanceOf(client: DevnetClient, token: Address, account: Address): Promise<bigint> {
  return client.readContract({ address: token, abi: mintableErc20Abi, functionName: 'balanceOf', args: [account] });
}

/** Mint `amount` to `account` (MintableERC20.mint, sent by the account itself). */
export async function mint(client: DevnetClient, p: { account: Address; token: Address; amount: bigint; label?: string }): Promise<void> {
  await write(client, p.label ?? `mint for ${short(p.account)}`, {
    account: p.account, address: p.token, abi: mintableErc20Abi, functionName: 'mint', args: [p.amount],
  });
}

/** Mint whatever `account` lacks to hold `amount` of `token`. */
export async function mintLacking(client: DevnetClient, p: { account: Address; token: Address; amount: bigint }): Promise<void> {
  const have = await balanceOf(client, p.token, p.account);
  if (have < p.amount) await mint(client, { account: p.account, token: p.token, amount: p.amount - have });
}

/** Approve `spender` for unlimited spending once, so repeated supplies and repays need no new approval. */
export async function approveOnce(client: DevnetClient, p: { account: Address; token: Address; spender: Address; amount: bigint }): Promise<void> {
  const allowance = await client.readContract({ address: p.token, abi: mintableErc20Abi, functionName: 'allowance', args: [p.account, p.spender] });
  if (allowance >= p.amount) return;
  await write(client, `approve ${short(p.spender)} for ${short(p.account)}`, {
    account: p.account, address: p.token, abi: mintableErc20Abi, functionName: 'approve', args: [p.spender, maxUint256],
  });
}

/** Both: after this, `account` can hand `spender` `amount` of `token`. */
export async function prepareSpend(client: DevnetClient, p: { account: Address; token: Address; spender: Address; amount: bigint }): Promise<void> {
  await mintLacking(client, p);
  await approveOnce(client, p);
}
