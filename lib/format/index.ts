export * from './number.ts';
export * from './amount.ts';
