import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { boundedNumber, boundsText, inBounds, nonNegativeInt, numberList, positiveInt } from '../../src/cli/options.js';
import { generationSettings, providerLimits } from '../../src/cli/settings.js';

describe('number flags', () => {
  it('positiveInt and nonNegativeInt take integers from 1 and from 0, naming the flag and the value otherwise', () => {
    expect(positiveInt('--turns')('3')).toBe(3);
    for (const bad of ['0', '1.5', 'abc', 'Infinity', '-2'])
      expect(() => positiveInt('--turns')(bad)).toThrow(`--turns must be an integer ≥ 1, got "${bad}"`);
    expect(nonNegativeInt('--seed')('0')).toBe(0);
    expect(() => nonNegativeInt('--seed')('-1')).toThrow(InvalidArgumentError);
    expect(() => nonNegativeInt('--seed')('-1')).toThrow('--seed must be an integer ≥ 0, got "-1"');
  });

  it('boundedNumber words its bounds as the train flags always have', () => {
    expect(boundedNumber('--lr', { above: 0 })('1e-4')).toBe(1e-4);
    expect(() => boundedNumber('--lr', { above: 0 })('0')).toThrow('--lr must be a positive number, got "0"');
    expect(boundedNumber('--gamma', { above: 0, max: 1 })('1')).toBe(1);
    expect(() => boundedNumber('--gamma', { above: 0, max: 1 })('1.5')).toThrow('--gamma must be in (0, 1], got "1.5"');
    expect(boundedNumber('--kl', { min: 0 })('0')).toBe(0);
    expect(() => boundedNumber('--kl', { min: 0 })('NaN')).toThrow('--kl must be a number ≥ 0, got "NaN"');
  });

  it('usage: true fails as a usage error (exit 2, no help) rather than an invalid argument', () => {
    const parse = boundedNumber('--lr', { above: 0 }, { usage: true });
    expect(() => parse('abc')).toThrow(UsageError);
    expect(() => parse('abc')).toThrow('--lr must be a positive number, got "abc"');
  });

  it('inBounds and boundsText agree with each other', () => {
    expect(inBounds(2, { min: 1, integer: true })).toBe(true);
    expect(inBounds(2.5, { min: 1, integer: true })).toBe(false);
    expect(inBounds(2.5, { min: 1 })).toBe(true);
    expect(inBounds(0, { above: 0 })).toBe(false);
    expect(inBounds(Number.NaN, { min: 0 })).toBe(false);
    expect(boundsText({ min: 1, integer: true })).toBe('an integer ≥ 1');
    expect(boundsText({ above: 2 })).toBe('a number > 2');
  });

  it('numberList converts and leaves the checking to what the numbers are for', () => {
    expect(numberList('1, 2,,3')).toEqual([1, 2, 3]);
    expect(numberList('x')).toEqual([Number.NaN]);
  });

  it('the settings flags word their number fields through the same bounds', () => {
    expect(generationSettings('--teacher-settings')('temperature=0.2,maxTokens=5,stop=a|b')).toEqual({
      temperature: 0.2,
      maxTokens: 5,
      stop: ['a', 'b'],
    });
    expect(() => generationSettings('--judge-settings')('maxTokens=0')).toThrow(
      '--judge-settings: field "maxTokens" must be an integer ≥ 1, got "0"',
    );
    expect(() => generationSettings('--judge-settings')('topP=')).toThrow('--judge-settings: field "topP" must be a number ≥ 0, got ""');
    expect(providerLimits('openai=4, anthropic=2')).toEqual({ openai: 4, anthropic: 2 });
    expect(() => providerLimits('openai=1.5')).toThrow('"openai=1.5" should look like openai=4');
  });
});
