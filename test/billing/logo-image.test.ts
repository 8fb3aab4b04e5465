/**
 * The shop's logo is decoded and encoded again on the server: metadata in the upload (a PNG text
 * chunk, a JPEG's EXIF block with a location) is not kept, the pixels are, and a file that only
 * starts like an image or is too large in pixels is refused on the `logo` field.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { reencodeLogo } from '../../src/modules/billing/logo-image.js';

const pixels = (width: number, height: number) => {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i += 1) data.set([i % 256, 40, 200, 255], i * 4);
  return { width, height, data };
};

/** A PNG with a tEXt chunk (keyword "Location") inserted after the header. */
function pngWithText(): Buffer {
  const png = new PNG({ width: 8, height: 4 });
  pixels(8, 4).data.copy(png.data);
  const bytes = PNG.sync.write(png);
  const body = Buffer.from('Location\u000019.0760N 72.8777E', 'latin1');
  const chunk = Buffer.alloc(12 + body.length);
  chunk.writeUInt32BE(body.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  body.copy(chunk, 8);
  chunk.writeUInt32BE(0, 8 + body.length); // pngjs does not check ancillary CRCs strictly
  return Buffer.concat([bytes.subarray(0, 33), chunk, bytes.subarray(33)]);
}

const url = (type: string, bytes: Buffer) => `data:image/${type};base64,${bytes.toString('base64')}`;

describe('logo re-encoding', () => {
  it('keeps the PNG pixels and drops its text chunks', () => {
    const input = pngWithText();
    expect(input.includes(Buffer.from('19.0760N'))).toBe(true);
    const out = reencodeLogo(url('png', input));
    const bytes = Buffer.from(out.slice(out.indexOf(',') + 1), 'base64');
    expect(bytes.includes(Buffer.from('19.0760N'))).toBe(false);
    const back = PNG.sync.read(bytes);
    expect([back.width, back.height]).toEqual([8, 4]);
    expect([...back.data.subarray(0, 8)]).toEqual([0, 40, 200, 255, 1, 40, 200, 255]);
  });

  it('drops a JPEG comment and an EXIF block, keeping the picture', () => {
    const encoded = jpeg.encode({ ...pixels(16, 16), comments: ['Shot at 19.0760N'] }, 90).data;
    const exifBody = Buffer.from('Exif\u0000\u0000GPS 19.0760N', 'latin1');
    const app1 = Buffer.alloc(4 + exifBody.length);
    app1.set([0xff, 0xe1], 0);
    app1.writeUInt16BE(exifBody.length + 2, 2);
    exifBody.copy(app1, 4);
    const input = Buffer.concat([encoded.subarray(0, 2), app1, encoded.subarray(2)]);
    expect(input.includes(Buffer.from('19.0760N'))).toBe(true);
    const out = reencodeLogo(url('jpeg', input));
    expect(out.startsWith('data:image/jpeg;base64,')).toBe(true);
    const bytes = Buffer.from(out.slice(out.indexOf(',') + 1), 'base64');
    expect(bytes.includes(Buffer.from('19.0760N'))).toBe(false);
    const back = jpeg.decode(bytes);
    expect([back.width, back.height]).toEqual([16, 16]);
  });

  it('refuses a file that only starts like an image, and one too large in pixels, on the logo field', () => {
    const fakePng = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(40, 7),
    ]);
    const fakeJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('not really')]);
    const huge = new PNG({ width: 1, height: 1 });
    const hugeBytes = PNG.sync.write(huge);
    hugeBytes.writeUInt32BE(5000, 16); // the header claims 5000 px wide
    for (const bad of [
      url('png', fakePng),
      url('jpeg', fakeJpeg),
      url('png', hugeBytes),
      'data:image/gif;base64,R0lG',
    ])
      expect(() => reencodeLogo(bad)).toThrow(
        expect.objectContaining({ code: 'validation_failed', field: 'logo' }),
      );
  });
});
