import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/util/did-you-mean.js';

describe('didYouMean', () => {
  it('suggests a close typo, a plural or a longer form of the word, and nothing for an unrelated name', () => {
    const fields = ['name', 'libraries', 'catalog', 'database', 'schema', 'configuration', 'database_path', 'macros', 'vars'];
    expect(didYouMean('configration', fields)).toBe('configuration');
    // SEMANTICS §1: an unknown field names the nearest known one (`library` is 3 edits from `libraries`).
    expect(didYouMean('library', fields)).toBe('libraries');
    expect(didYouMean('macro', fields)).toBe('macros');
    expect(didYouMean('pipeline', fields)).toBeUndefined();
    expect(didYouMean('cat', ['cart', 'dog'])).toBe('cart');
  });
});
