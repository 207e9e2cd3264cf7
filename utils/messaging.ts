/**
 * Sending the messages of `lib/messages.ts` from extension pages and content scripts. Typed end to end:
 * `send('hide-account', { address, hidden })` only compiles with that message's request and resolves to
 * its response; a background error arrives as a thrown `Error` with the background's one-line message.
 */
import { browser } from 'wxt/browser';
import type { MessageType, Reply, RequestOf, ResponseOf } from '@/lib/messages.ts';

export async function send<T extends MessageType>(type: T, request: RequestOf<T>): Promise<ResponseOf<T>> {
  const reply = (await browser.runtime.sendMessage({ ...request, type })) as Reply<T> | undefined;
  if (!reply || typeof reply !== 'object') throw new Error('No answer from the background');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
