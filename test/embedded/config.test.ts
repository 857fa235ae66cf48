import { describe, expect, it } from 'vitest';
import { PRESETS, parameterShapes, presetConfig } from '../../src/embedded/config.js';

const parameters = (name: string): number =>
  parameterShapes(presetConfig(name, 543)).reduce((n, [, shape]) => n + shape.reduce((a, b) => a * b, 1), 0);

describe('model presets', () => {
  it('deep is small with twice the layers: three more blocks of 164,096 parameters', () => {
    const { layers, ...rest } = presetConfig('deep', 543);
    const { layers: smallLayers, ...smallRest } = presetConfig('small', 543);
    expect(layers).toBe(2 * smallLayers);
    expect(rest).toEqual(smallRest);
    expect(parameters('small')).toBe(631_424);
    expect(parameters('deep')).toBe(631_424 + 3 * (2 * 128 + 4 * 128 * 128 + 3 * 128 * 256));
    expect(parameterShapes(presetConfig('deep', 543)).filter(([name]) => name.endsWith('.wq'))).toHaveLength(6);
  });

  it('an unknown preset is refused with the names to choose from', () => {
    expect(() => presetConfig('huge', 543)).toThrow(/unknown preset "huge"; choose one of tiny, small, deep/);
    expect(Object.keys(PRESETS)).toEqual(['tiny', 'small', 'deep']);
  });
});
