import { Resvg } from '@resvg/resvg-js';

/** Rasterise an SVG (the main figure) at `scale`× with the system fonts; resvg ships prebuilt binaries. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
