import { getAddress, isAddress, type Address, type Hex } from 'viem';

/**
 * A tiny two-way codec for data that crosses a JSON boundary (extension storage, runtime messages).
 *
 * Why hand-written rather than a schema library: the shapes are few, the bundle stays small, and every
 * decode both converts (decimal string → bigint) and validates in one pass, with the path of the first
 * bad field in the error. JSON storage cannot hold bigint, so a bigint travels as its decimal string
 * (`"123"`); the schema, not a tag in the data, says which fields are bigint, so a string can never be
 * mistaken for a number or the other way round.
 */
export interface Codec<T, E = unknown> {
  encode(value: T): E;
  /** Throws `DecodeError` naming the path of the first invalid field. */
  decode(raw: unknown, path?: string): T;
}

export class DecodeError extends Error {
  override name = 'DecodeError';
  readonly path: string;
  readonly expected: string;
  constructor(path: string, expected: string) {
    super(`${path || 'value'}: expected ${expected}`);
    this.path = path;
    this.expected = expected;
  }
}

const fail = (path: string, expected: string): never => {
  throw new DecodeError(path, expected);
};

/** Longest decimal string a bigint field may have (2^256 has 78 digits; a margin for signed values). */
export const MAX_BIGINT_DIGITS = 80;
/** Longest string accepted anywhere in stored data (symbols, names, one-line errors, URLs). */
export const MAX_STRING_LENGTH = 2_000;

export const bigintCodec: Codec<bigint, string> = {
  encode: (v) => v.toString(10),
  decode(raw, path = '') {
    if (typeof raw !== 'string' || raw.length > MAX_BIGINT_DIGITS || !/^-?(0|[1-9][0-9]*)$/.test(raw)) {
      return fail(path, 'a decimal integer string');
    }
    return BigInt(raw);
  },
};

export const stringCodec = (maxLength = MAX_STRING_LENGTH): Codec<string, string> => ({
  encode: (v) => v,
  decode(raw, path = '') {
    if (typeof raw !== 'string' || raw.length > maxLength) return fail(path, `a string of at most ${maxLength} characters`);
    return raw;
  },
});

export const numberCodec = (opts: { integer?: boolean; min?: number; max?: number } = {}): Codec<number, number> => ({
  encode: (v) => v,
  decode(raw, path = '') {
    const ok =
      typeof raw === 'number' &&
      Number.isFinite(raw) &&
      (!opts.integer || Number.isSafeInteger(raw)) &&
      (opts.min === undefined || raw >= opts.min) &&
      (opts.max === undefined || raw <= opts.max);
    if (!ok) {
      const range = `${opts.min ?? '-∞'}..${opts.max ?? '∞'}`;
      return fail(path, `${opts.integer ? 'an integer' : 'a finite number'} in ${range}`);
    }
    return raw as number;
  },
});

export const booleanCodec: Codec<boolean, boolean> = {
  encode: (v) => v,
  decode: (raw, path = '') => (typeof raw === 'boolean' ? raw : fail(path, 'a boolean')),
};

/** Addresses are stored checksummed; lower-case input is accepted, a wrong mixed-case checksum is not. */
export const addressCodec: Codec<Address, string> = {
  encode: (v) => v,
  decode(raw, path = '') {
    if (typeof raw !== 'string' || !isAddress(raw, { strict: true })) return fail(path, 'an address with a valid checksum');
    return getAddress(raw as string);
  },
};

export const hexCodec = (maxLength = 66): Codec<Hex, string> => ({
  encode: (v) => v,
  decode(raw, path = '') {
    if (typeof raw !== 'string' || raw.length > maxLength || !/^0x[0-9a-fA-F]*$/.test(raw)) return fail(path, 'a hex string');
    return raw as Hex;
  },
});

export function literal<const L extends string | number | boolean>(...values: L[]): Codec<L, L> {
  return {
    encode: (v) => v,
    decode(raw, path = '') {
      if (!values.includes(raw as L)) return fail(path, `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
      return raw as L;
    },
  };
}

/** An absent key (JSON has no `undefined`); `null` is a value, for `nullable` to accept or not. */
export function optional<T, E>(inner: Codec<T, E>): Codec<T | undefined, E | undefined> {
  return {
    encode: (v) => (v === undefined ? undefined : inner.encode(v)),
    decode: (raw, path = '') => (raw === undefined ? undefined : inner.decode(raw, path)),
  };
}

export function nullable<T, E>(inner: Codec<T, E>): Codec<T | null, E | null> {
  return {
    encode: (v) => (v === null ? null : inner.encode(v)),
    decode: (raw, path = '') => (raw === null ? null : inner.decode(raw, path)),
  };
}

export function array<T, E>(inner: Codec<T, E>, maxLength = 10_000): Codec<T[], E[]> {
  return {
    encode: (v) => v.map((x) => inner.encode(x)),
    decode(raw, path = '') {
      if (!Array.isArray(raw) || raw.length > maxLength) return fail(path, `an array of at most ${maxLength} items`);
      return raw.map((x, i) => inner.decode(x, `${path}[${i}]`));
    },
  };
}

// `unknown` accepts every codec here because `encode` is declared as a method (bivariant parameters).
type Shape = Record<string, Codec<unknown, unknown>>;
type Decoded<S extends Shape> = { [K in keyof S]: S[K] extends Codec<infer T, unknown> ? T : never };
type Encoded<S extends Shape> = { [K in keyof S]: S[K] extends Codec<unknown, infer E> ? E : never };
/** Optional (undefined-able) fields become optional keys, so `exactOptionalPropertyTypes`-style shapes fit. */
type WithOptionalKeys<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: T[K];
};

export function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const proto = Object.getPrototypeOf(raw);
  return proto === Object.prototype || proto === null;
}

/**
 * An object with exactly these keys. Unknown keys are dropped on decode (data written by a newer version
 * still reads), never copied through: only what the schema knows reaches the code.
 */
export function object<S extends Shape>(shape: S): Codec<WithOptionalKeys<Decoded<S>>, WithOptionalKeys<Encoded<S>>> {
  return {
    encode(value) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const encoded = shape[key]!.encode((value as Record<string, unknown>)[key]);
        if (encoded !== undefined) out[key] = encoded;
      }
      return out as WithOptionalKeys<Encoded<S>>;
    },
    decode(raw, path = '') {
      if (!isPlainObject(raw)) return fail(path, 'an object');
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const decoded = shape[key]!.decode(raw[key], path ? `${path}.${key}` : key);
        if (decoded !== undefined) out[key] = decoded;
      }
      return out as WithOptionalKeys<Decoded<S>>;
    },
  };
}

/** A record keyed by decimal integer strings (chain ids), values decoded by `inner`. */
export function recordByInt<T, E>(inner: Codec<T, E>, maxKeys = 1_000): Codec<Record<number, T>, Record<string, E>> {
  return {
    encode(value) {
      const out: Record<string, E> = {};
      for (const [k, v] of Object.entries(value)) out[k] = inner.encode(v as T);
      return out;
    },
    decode(raw, path = '') {
      if (!isPlainObject(raw)) return fail(path, 'an object');
      const entries = Object.entries(raw);
      if (entries.length > maxKeys) return fail(path, `at most ${maxKeys} keys`);
      const out: Record<number, T> = {};
      for (const [k, v] of entries) {
        if (!/^[1-9][0-9]{0,15}$/.test(k)) return fail(`${path}.${k}`, 'a chain id key');
        out[Number(k)] = inner.decode(v, `${path}.${k}`);
      }
      return out;
    },
  };
}

/** A union told apart by one literal key (`protocol`, `type`). */
export function taggedUnion<K extends string, C extends Record<string, Codec<unknown, unknown>>>(
  tag: K,
  members: C,
): Codec<C[keyof C] extends Codec<infer T, unknown> ? T : never, C[keyof C] extends Codec<unknown, infer E> ? E : never> {
  type Member = C[keyof C] extends Codec<infer T, unknown> ? T : never;
  type EncodedMember = C[keyof C] extends Codec<unknown, infer E> ? E : never;
  return {
    encode(value): EncodedMember {
      const which = (value as Record<string, unknown>)[tag] as string;
      return members[which]!.encode(value) as EncodedMember;
    },
    decode(raw, path = ''): Member {
      const which = isPlainObject(raw) ? raw[tag] : undefined;
      if (typeof which !== 'string' || !Object.hasOwn(members, which)) {
        return fail(path ? `${path}.${tag}` : tag, `one of ${Object.keys(members).join(', ')}`);
      }
      return members[which]!.decode(raw, path) as Member;
    },
  };
}
