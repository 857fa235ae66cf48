import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdamW } from './adamw.js';
import { parameterShapes, type ModelConfig } from './config.js';
import { readSafetensors, writeSafetensors, type NamedTensor } from './safetensors.js';
import { Tokenizer, type TokenizerSpec } from './tokenizer.js';
import type { Weights } from './weights.js';

// A model directory: config.json (architecture + tokenizer), model.safetensors (weights), and
// while training, what a trainer resumes from: optimizer.safetensors (AdamW's moments) and the
// trainer's own state as JSON (state.json for SFT, rl-state.json for RL), both written here.

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

const OPTIMIZER_FILE = 'optimizer.safetensors';

/** A trainer's own state; `step` is also the optimizer's step count. */
export interface TrainerState {
  step: number;
}

/** Write the model, the optimizer's moments and the trainer's state (last, so a state file means a whole checkpoint). */
export function saveCheckpoint(dir: string, files: ModelFiles, optimizer: AdamW, stateFile: string, state: TrainerState): void {
  saveModel(dir, files);
  const moments = new Map<string, NamedTensor>();
  for (const [name, t] of withShapes(optimizer.m, files.config)) if (t.data) moments.set(`m.${name}`, t);
  for (const [name, t] of withShapes(optimizer.v, files.config)) if (t.data) moments.set(`v.${name}`, t);
  if (moments.size) writeSafetensors(join(dir, OPTIMIZER_FILE), moments);
  writeFileSync(join(dir, stateFile), `${JSON.stringify(state)}\n`);
}

/**
 * Read back what `saveCheckpoint` wrote. Without optimizer.safetensors, AdamW starts from zero
 * moments at the saved step, for SFT and RL alike: that is exactly the optimizer's state when no
 * update has had a gradient yet (an RL run whose groups all tied writes no moments), and it is
 * the file the training recipes delete to keep shipped models small, so such a model still
 * resumes (the first updates are then smaller, as after a fresh start). The log says which.
 */
export function loadCheckpoint<S extends TrainerState>(
  dir: string,
  stateFile: string,
  log: (line: string) => void,
): { files: ModelFiles; state: S; optimizer: AdamW } {
  const state = JSON.parse(readFileSync(join(dir, stateFile), 'utf8')) as S;
  const files = loadModel(dir);
  const optimizer = new AdamW();
  const momentsFile = join(dir, OPTIMIZER_FILE);
  const restored = existsSync(momentsFile);
  if (restored)
    for (const [name, t] of readSafetensors(momentsFile)) (name.startsWith('m.') ? optimizer.m : optimizer.v).set(name.slice(2), t.data);
  optimizer.step = state.step;
  log(`resuming from step ${state.step} in ${dir}${restored ? '' : ` (no ${OPTIMIZER_FILE}: the optimizer's moments start at zero)`}`);
  return { files, state, optimizer };
}
