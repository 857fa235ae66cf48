// Architecture settings of an embedded model; saved as config.json next to the weights.

export interface ModelConfig {
  vocabSize: number;
  dim: number;
  layers: number;
  heads: number;
  /** Hidden width of the SwiGLU MLP. */
  ffn: number;
  /** Longest sequence (prompt + answer) the model is trained and sampled on. */
  maxSeq: number;
  ropeBase: number;
  normEps: number;
}

export type PresetName = 'tiny' | 'small' | 'deep';

export const PRESETS: Record<PresetName, Omit<ModelConfig, 'vocabSize'>> = {
  // For tests: trains in seconds.
  tiny: { dim: 32, layers: 2, heads: 2, ffn: 64, maxSeq: 256, ropeBase: 10000, normEps: 1e-5 },
  // The shipped models: about half a million parameters, a few MB on disk.
  small: { dim: 128, layers: 3, heads: 4, ffn: 256, maxSeq: 320, ropeBase: 10000, normEps: 1e-5 },
  // small with twice the layers (about 1.2 M parameters, twice the compute a token): the probe of
  // whether depth lets the model learn what feedback says, which small does not (docs/rl.md).
  deep: { dim: 128, layers: 6, heads: 4, ffn: 256, maxSeq: 320, ropeBase: 10000, normEps: 1e-5 },
};

export function presetConfig(name: string, vocabSize: number): ModelConfig {
  const preset = PRESETS[name as PresetName];
  if (!preset) throw new RangeError(`unknown preset "${name}"; choose one of ${Object.keys(PRESETS).join(', ')}`);
  return { ...preset, vocabSize };
}

/** Names and shapes of every weight, in a fixed order (the checkpoint order). */
export function parameterShapes(c: ModelConfig): [string, number[]][] {
  const shapes: [string, number[]][] = [['embed', [c.vocabSize, c.dim]]];
  for (let l = 0; l < c.layers; l++) {
    shapes.push(
      [`l${l}.attn_norm`, [c.dim]],
      [`l${l}.wq`, [c.dim, c.dim]],
      [`l${l}.wk`, [c.dim, c.dim]],
      [`l${l}.wv`, [c.dim, c.dim]],
      [`l${l}.wo`, [c.dim, c.dim]],
      [`l${l}.mlp_norm`, [c.dim]],
      [`l${l}.w1`, [c.dim, c.ffn]],
      [`l${l}.w3`, [c.dim, c.ffn]],
      [`l${l}.w2`, [c.ffn, c.dim]],
    );
  }
  shapes.push(['final_norm', [c.dim]], ['head', [c.dim, c.vocabSize]]);
  return shapes;
}
