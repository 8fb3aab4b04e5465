/**
 * The shop's logo as stored: the uploaded PNG or JPEG decoded and encoded again on the server
 * (pngjs, jpeg-js; pure JavaScript), so what is kept and printed is only pixels. Metadata that
 * came with the file (a phone's EXIF location, comments, text chunks) is dropped, a file that
 * only looks like an image is refused, and the picture's size is bounded before decoding.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { invalid } from '../../domain/app-error.js';

/** Largest logo in pixels per side (it prints about 34 x 10 mm). */
export const MAX_LOGO_SIDE = 2000;

const refused = () => invalid('logo', 'must be a PNG or JPEG image of at most 96 KB');

/** The logo `data:` URL re-encoded from its pixels (same type), or a validation error on `logo`. */
export function reencodeLogo(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  const type = dataUrl.startsWith('data:image/png;')
    ? 'png'
    : dataUrl.startsWith('data:image/jpeg;')
      ? 'jpeg'
      : null;
  if (type === null || comma < 0) throw refused();
  const bytes = Buffer.from(dataUrl.slice(comma + 1), 'base64');
  try {
    if (type === 'png') {
      // The header's size is checked before the pixels are inflated.
      const width = bytes.readUInt32BE(16);
      const height = bytes.readUInt32BE(20);
      if (width === 0 || height === 0 || width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) throw refused();
      const decoded = PNG.sync.read(bytes);
      const clean = new PNG({ width: decoded.width, height: decoded.height });
      decoded.data.copy(clean.data);
      return `data:image/png;base64,${PNG.sync.write(clean).toString('base64')}`;
    }
    const decoded = jpeg.decode(bytes, {
      maxResolutionInMP: (MAX_LOGO_SIDE * MAX_LOGO_SIDE) / 1_000_000,
      maxMemoryUsageInMB: 64,
      formatAsRGBA: true,
    });
    if (decoded.width > MAX_LOGO_SIDE || decoded.height > MAX_LOGO_SIDE) throw refused();
    const clean = jpeg.encode({ width: decoded.width, height: decoded.height, data: decoded.data }, 90);
    return `data:image/jpeg;base64,${clean.data.toString('base64')}`;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'validation_failed') throw error;
    throw refused();
  }
}
