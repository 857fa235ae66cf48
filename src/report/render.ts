import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Compile a Vega-Lite spec and render it to an SVG string in Node: every chart didactic draws.
 * The headless renderer needs no canvas: Vega estimates text widths, which is close enough for
 * axis labels and legends. `warnings: false` keeps only errors, for the training curves: they
 * are redrawn at every checkpoint from the first, when a series may still be empty, and Vega's
 * warnings about that would interleave with the progress output.
 */
export async function renderSvg(spec: TopLevelSpec, options: { warnings?: boolean } = {}): Promise<string> {
  const { spec: compiled } = compile(spec);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: options.warnings === false ? vega.Error : vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
