/**
 * Published test vectors, run through the functions the product uses: AES-256-GCM (McGrew and
 * Viega, test cases 13-16), HMAC-SHA256 (RFC 4231), X25519 (RFC 7748 section 6.1) and Ed25519
 * (RFC 8032 section 7.1, test 1).
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesGcmDecrypt, aesGcmEncrypt } from './aead.js';
import { hmacSha256 } from './blind-index.js';
import { publicKeyOf, x25519 } from './sealed-box.js';
import { signBytes, verifyBytes } from './signing.js';

const hex = (s: string) => Buffer.from(s, 'hex');

const gcmVectors = [
  {
    name: 'test case 13',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '',
    a: '',
    c: '',
    t: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14',
    key: '00'.repeat(32),
    iv: '00'.repeat(12),
    p: '00'.repeat(16),
    a: '',
    c: 'cea7403d4d606b6e074ec5d3baf39d18',
    t: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 15',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    p: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
    a: '',
    c: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
    t: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    name: 'test case 16',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    p: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    a: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    c: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    t: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('AES-256-GCM vectors', () => {
  for (const v of gcmVectors) {
    it(`${v.name}: encrypts and decrypts`, () => {
      const { ciphertext, tag } = aesGcmEncrypt(hex(v.key), hex(v.iv), hex(v.a), hex(v.p));
      expect(ciphertext.toString('hex')).toBe(v.c);
      expect(tag.toString('hex')).toBe(v.t);
      expect(aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.a), hex(v.c), hex(v.t)).toString('hex')).toBe(v.p);
    });
  }
  it('rejects a modified tag', () => {
    const v = gcmVectors[3]!;
    const tag = hex(v.t);
    tag[0] = (tag[0] ?? 0) ^ 1;
    expect(() => aesGcmDecrypt(hex(v.key), hex(v.iv), hex(v.a), hex(v.c), tag)).toThrow();
  });
});

describe('HMAC-SHA256 vectors (RFC 4231)', () => {
  const cases = [
    {
      key: Buffer.alloc(20, 0x0b),
      data: Buffer.from('Hi There'),
      mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    },
    {
      key: Buffer.from('Jefe'),
      data: Buffer.from('what do ya want for nothing?'),
      mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    },
    {
      key: Buffer.alloc(20, 0xaa),
      data: Buffer.alloc(50, 0xdd),
      mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    },
    {
      key: Buffer.alloc(131, 0xaa),
      data: Buffer.from('Test Using Larger Than Block-Size Key - Hash Key First'),
      mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    },
  ];
  cases.forEach((c, i) => {
    it(`case ${i + 1}`, () => expect(hmacSha256(c.key, c.data).toString('hex')).toBe(c.mac));
  });
});

describe('X25519 (RFC 7748)', () => {
  const alicePrivate = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a').toString(
    'base64url',
  );
  const alicePublic = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
  const bobPrivate = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb').toString(
    'base64url',
  );
  const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
  const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

  it('derives the public keys and the shared secret', () => {
    expect(Buffer.from(publicKeyOf(alicePrivate), 'base64url').toString('hex')).toBe(alicePublic);
    expect(Buffer.from(publicKeyOf(bobPrivate), 'base64url').toString('hex')).toBe(bobPublic);
    expect(x25519(alicePrivate, hex(bobPublic).toString('base64url')).toString('hex')).toBe(shared);
    expect(x25519(bobPrivate, hex(alicePublic).toString('base64url')).toString('hex')).toBe(shared);
  });
});

describe('Ed25519 (RFC 8032 test 1)', () => {
  const secret = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
  const publicRaw = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
  const signature =
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';
  const privateKey = createPrivateKey({
    key: Buffer.concat([hex('302e020100300506032b657004220420'), secret]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();

  it('signs the empty message to the published signature and verifies it', () => {
    expect(
      createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12).toString('hex'),
    ).toBe(publicRaw);
    expect(signBytes(privateKey, Buffer.alloc(0)).toString('hex')).toBe(signature);
    expect(verifyBytes(publicPem, Buffer.alloc(0), hex(signature))).toBe(true);
    expect(verifyBytes(publicPem, Buffer.from('x'), hex(signature))).toBe(false);
  });
});
