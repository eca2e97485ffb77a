// Colour checks the palette and scale tests share: sRGB → linear RGB, colour-vision-deficiency
// simulation and CIELAB for perceptual distances.
export type Rgb = [number, number, number];
export type Matrix = [Rgb, Rgb, Rgb];

/** Machado, Oliveira & Fernandes (2009) full-severity simulation matrices, on linear RGB. */
export const CVD: Record<'deutan' | 'protan' | 'tritan', Matrix> = {
  deutan: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  protan: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  tritan: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
};
/** Normal vision: the identity. */
export const NORMAL: Matrix = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

export function linearRgb(hex: string): Rgb {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [channel(0), channel(1), channel(2)];
}

/** A linear RGB colour seen through a simulation matrix (clamped to the gamut). */
export function simulate(rgb: Rgb, m: Matrix): Rgb {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return m.map((row) => clamp(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])) as Rgb;
}

/** Linear RGB → CIELAB (D65), for a perceptual distance check. */
export function lab([r, g, b]: Rgb): Rgb {
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116)) as Rgb;
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}
