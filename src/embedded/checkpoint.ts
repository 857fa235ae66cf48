import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterShapes, type ModelConfig } from './config.js';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors.js';
import { Tokenizer, type TokenizerSpec } from './tokenizer.js';
import type { Weights } from './weights.js';

// A model directory: config.json (architecture + tokenizer), model.safetensors (weights), and
// while training, optimizer.safetensors + state.json to resume from.

export interface ModelFiles {
  config: ModelConfig;
  tokenizer: Tokenizer;
  weights: Weights;
}

interface ConfigFile {
  format: 'didactic-embedded-v1';
  model: ModelConfig;
  tokenizer: TokenizerSpec;
}

export function saveModel(dir: string, files: ModelFiles): void {
  mkdirSync(dir, { recursive: true });
  const config: ConfigFile = { format: 'didactic-embedded-v1', model: files.config, tokenizer: files.tokenizer.spec };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 1)}\n`);
  writeSafetensors(join(dir, 'model.safetensors'), withShapes(files.weights, files.config), { format: 'pt' });
}

export function loadModel(dir: string): ModelFiles {
  const configFile = join(dir, 'config.json');
  const weightsFile = join(dir, 'model.safetensors');
  if (!existsSync(configFile) || !existsSync(weightsFile)) {
    throw new Error(`${dir} is not an embedded model directory (needs config.json and model.safetensors)`);
  }
  const parsed = JSON.parse(readFileSync(configFile, 'utf8')) as ConfigFile;
  if (parsed.format !== 'didactic-embedded-v1') throw new Error(`${configFile}: field "format": expected didactic-embedded-v1`);
  const tensors = readSafetensors(weightsFile);
  const weights: Weights = new Map();
  for (const [name, shape] of parameterShapes(parsed.model)) {
    const t = tensors.get(name);
    if (!t) throw new Error(`${weightsFile}: missing tensor ${name}`);
    if (t.data.length !== shape.reduce((a, b) => a * b, 1))
      throw new Error(`${weightsFile}: tensor ${name} has shape ${t.shape.join('×')}, expected ${shape.join('×')}`);
    weights.set(name, t.data);
  }
  return { config: parsed.model, tokenizer: new Tokenizer(parsed.tokenizer), weights };
}

export function withShapes(weights: Weights, config: ModelConfig): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, shape] of parameterShapes(config)) out.set(name, { data: weights.get(name) as Float32Array, shape });
  return out;
}
