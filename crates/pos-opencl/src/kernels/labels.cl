// Proof-of-space labels (normative spec: shared/spec/LABELS.md), one work-item per label.
//
// A batch of `lanes` labels runs as: label_init (PBKDF2 -> X), romix_slice launched as
// many times as it takes to cover the 2N ROMix iterations (X kept in `state` between
// launches, so every launch stays short), label_final (PBKDF2 over X -> 32-byte hash,
// PoW) and pack_labels (the low L bits of each hash into the LSB-first stream).
//
// Written for this project from the spec; OpenCL C 1.2, no extensions.

typedef ulong u64;
typedef uint u32;

// ---------------------------------------------------------------------------------------
// Keccak-f[1600] and original Keccak-512 (rate 72 bytes = 9 lanes, padding 0x01 .. 0x80).

__constant u64 KECCAK_RC[24] = {
    0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
    0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
    0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
    0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
    0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
    0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
};

// Rotation of lane x + 5y (rho).
__constant uint KECCAK_RHO[25] = {
    0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
};

static inline u64 rotl64(u64 v, uint n) { return n == 0 ? v : rotate(v, (u64)n); }

static void keccak_f(u64 a[25]) {
    for (int round = 0; round < 24; round++) {
        u64 c[5];
        for (int x = 0; x < 5; x++) {
            c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        }
        for (int x = 0; x < 5; x++) {
            u64 d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
            for (int y = 0; y < 25; y += 5) {
                a[y + x] ^= d;
            }
        }
        // rho and pi: lane (x, y) moves to (y, 2x + 3y).
        u64 b[25];
        for (int x = 0; x < 5; x++) {
            for (int y = 0; y < 5; y++) {
                b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], KECCAK_RHO[x + 5 * y]);
            }
        }
        for (int y = 0; y < 25; y += 5) {
            for (int x = 0; x < 5; x++) {
                a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
            }
        }
        a[0] ^= KECCAK_RC[round];
    }
}

// The 72-byte password P = id || LE64(position) || salt as 9 little-endian lanes.
static void password(__constant const u64 *id, __constant const u64 *salt, u64 position,
                     u64 p[9]) {
    for (int i = 0; i < 4; i++) {
        p[i] = id[i];
        p[5 + i] = salt[i];
    }
    p[4] = position;
}

// Keccak state after absorbing the one block P ^ pad (HMAC's inner or outer key block).
static void hmac_key_state(const u64 p[9], u64 pad, u64 s[25]) {
    for (int i = 0; i < 25; i++) {
        s[i] = i < 9 ? p[i] ^ pad : 0;
    }
    keccak_f(s);
}

#define IPAD 0x3636363636363636UL
#define OPAD 0x5c5c5c5c5c5c5c5cUL

// HMAC's outer hash: H((P ^ opad) || inner), inner = 64 bytes, padded in the same block.
static void hmac_outer(const u64 opad[25], const u64 inner[8], u64 out[8]) {
    u64 s[25];
    for (int i = 0; i < 25; i++) {
        s[i] = opad[i];
    }
    for (int i = 0; i < 8; i++) {
        s[i] ^= inner[i];
    }
    s[8] ^= 0x8000000000000001UL;
    keccak_f(s);
    for (int i = 0; i < 8; i++) {
        out[i] = s[i];
    }
}

// PBKDF2 block i with an empty salt: HMAC(P, BE32(i)).
static void pbkdf2_empty_block(const u64 ipad[25], const u64 opad[25], uint i, u64 out[8]) {
    u64 s[25];
    for (int k = 0; k < 25; k++) {
        s[k] = ipad[k];
    }
    // Bytes 0..3 = BE32(i), byte 4 = 0x01 (padding), byte 71 |= 0x80.
    s[0] ^= ((u64)((i >> 24) & 0xff)) | ((u64)((i >> 16) & 0xff) << 8) |
            ((u64)((i >> 8) & 0xff) << 16) | ((u64)(i & 0xff) << 24) | (0x01UL << 32);
    s[8] ^= 0x8000000000000000UL;
    keccak_f(s);
    u64 inner[8];
    for (int k = 0; k < 8; k++) {
        inner[k] = s[k];
    }
    hmac_outer(opad, inner, out);
}

// ---------------------------------------------------------------------------------------
// ChaCha20/8 BlockMix (scrypt-jane "chacha", r = 1) on 32 words kept as two uint16.

#define QR(a, b, c, d)                                                                   \
    a += b; d ^= a; d = rotate(d, 16u);                                                  \
    c += d; b ^= c; b = rotate(b, 12u);                                                  \
    a += b; d ^= a; d = rotate(d, 8u);                                                   \
    c += d; b ^= c; b = rotate(b, 7u);

static inline uint16 chacha8(uint16 in) {
    uint16 x = in;
    for (int i = 0; i < 4; i++) {
        QR(x.s0, x.s4, x.s8, x.sc);
        QR(x.s1, x.s5, x.s9, x.sd);
        QR(x.s2, x.s6, x.sa, x.se);
        QR(x.s3, x.s7, x.sb, x.sf);
        QR(x.s0, x.s5, x.sa, x.sf);
        QR(x.s1, x.s6, x.sb, x.sc);
        QR(x.s2, x.s7, x.s8, x.sd);
        QR(x.s3, x.s4, x.s9, x.se);
    }
    return x + in;
}

static inline void block_mix(uint16 *b0, uint16 *b1) {
    uint16 y0 = chacha8(*b1 ^ *b0);
    uint16 y1 = chacha8(y0 ^ *b1);
    *b0 = y0;
    *b1 = y1;
}

// ---------------------------------------------------------------------------------------
// Kernels. `lane_base` is the first lane of this launch within the lane group; positions
// are `first_position + lane_base + gid`.

// X = PBKDF2(P, empty salt, 128 bytes) into state[lane] (2 x uint16).
__kernel void label_init(__constant const u64 *id, __constant const u64 *salt,
                         u64 first_position, __global uint16 *state) {
    uint lane = get_global_id(0);
    u64 p[9];
    password(id, salt, first_position + lane, p);
    u64 ipad[25], opad[25];
    hmac_key_state(p, IPAD, ipad);
    hmac_key_state(p, OPAD, opad);
    for (uint blk = 0; blk < 2; blk++) {
        u64 h[8];
        pbkdf2_empty_block(ipad, opad, blk + 1, h);
        uint16 w;
        w.s01 = as_uint2(h[0]);
        w.s23 = as_uint2(h[1]);
        w.s45 = as_uint2(h[2]);
        w.s67 = as_uint2(h[3]);
        w.s89 = as_uint2(h[4]);
        w.sab = as_uint2(h[5]);
        w.scd = as_uint2(h[6]);
        w.sef = as_uint2(h[7]);
        state[2 * lane + blk] = w;
    }
}

// ROMix iterations [it_from, it_to) of 2N: the first N fill V, the next N mix.
// V holds `lanes` lanes, entry i of lane l at (i * lanes + l) * 2 (uint16 units), so that
// the fill phase writes consecutive lanes to consecutive memory.
__kernel void romix_slice(__global uint16 *state, __global uint16 *v, uint lanes, uint n,
                          uint it_from, uint it_to) {
    uint lane = get_global_id(0);
    if (lane >= lanes) {
        return;
    }
    uint16 b0 = state[2 * lane];
    uint16 b1 = state[2 * lane + 1];
    uint it = it_from;
    for (; it < it_to && it < n; it++) {
        size_t at = ((size_t)it * lanes + lane) * 2;
        v[at] = b0;
        v[at + 1] = b1;
        block_mix(&b0, &b1);
    }
    uint mask = n - 1;
    for (; it < it_to; it++) {
        uint j = b1.s0 & mask;
        size_t at = ((size_t)j * lanes + lane) * 2;
        b0 ^= v[at];
        b1 ^= v[at + 1];
        block_mix(&b0, &b1);
    }
    state[2 * lane] = b0;
    state[2 * lane + 1] = b1;
}

// hash = PBKDF2(P, X, 32 bytes) = HMAC(P, X || BE32(1))[0..32] into hashes[lane * 32..].
// With `pow_enabled`, the lowest lane below `count` whose hash (big-endian) is below
// `difficulty` lands in *solution as an offset from the batch's first position.
__kernel void label_final(__constant const u64 *id, __constant const u64 *salt,
                          u64 first_position, uint count, __global const uint16 *state,
                          __global uchar *hashes, uint pow_enabled,
                          __constant const uchar *difficulty, __global volatile uint *solution) {
    uint lane = get_global_id(0);
    u64 p[9];
    password(id, salt, first_position + lane, p);
    u64 ipad[25], opad[25];
    hmac_key_state(p, IPAD, ipad);
    hmac_key_state(p, OPAD, opad);
    u64 x[16];
    for (uint blk = 0; blk < 2; blk++) {
        uint16 w = state[2 * lane + blk];
        x[8 * blk + 0] = as_ulong(w.s01);
        x[8 * blk + 1] = as_ulong(w.s23);
        x[8 * blk + 2] = as_ulong(w.s45);
        x[8 * blk + 3] = as_ulong(w.s67);
        x[8 * blk + 4] = as_ulong(w.s89);
        x[8 * blk + 5] = as_ulong(w.sab);
        x[8 * blk + 6] = as_ulong(w.scd);
        x[8 * blk + 7] = as_ulong(w.sef);
    }
    // Inner hash of X || BE32(1): 132 bytes = one full block (X lanes 0..8) and one
    // padded block (X lanes 9..15, BE32(1), 0x01, 0x80 at byte 71).
    u64 s[25];
    for (int k = 0; k < 25; k++) {
        s[k] = ipad[k];
    }
    for (int k = 0; k < 9; k++) {
        s[k] ^= x[k];
    }
    keccak_f(s);
    for (int k = 0; k < 7; k++) {
        s[k] ^= x[9 + k];
    }
    s[7] ^= (0x01UL << 24) | (0x01UL << 32);
    s[8] ^= 0x8000000000000000UL;
    keccak_f(s);
    u64 inner[8];
    for (int k = 0; k < 8; k++) {
        inner[k] = s[k];
    }
    u64 h[8];
    hmac_outer(opad, inner, h);
    uchar bytes[32];
    for (int b = 0; b < 32; b++) {
        bytes[b] = (uchar)(h[b / 8] >> (8 * (b % 8)));
        hashes[(size_t)lane * 32 + b] = bytes[b];
    }
    if (pow_enabled && lane < count) {
        int below = 0;
        for (int b = 0; b < 32; b++) {
            if (bytes[b] != difficulty[b]) {
                below = bytes[b] < difficulty[b];
                break;
            }
        }
        if (below) {
            atomic_min(solution, lane);
        }
    }
}

// Work-item g packs labels 8g .. 8g+7 (those below `count`) into bytes g*L .. g*L+L-1 of
// the LSB-first stream: label k's bit t is stream bit k*L + t; `out_len` clips the end.
__kernel void pack_labels(__global const uchar *hashes, uint count, uint bits, uint out_len,
                          __global uchar *out) {
    uint group = get_global_id(0);
    uint first_byte = group * bits;
    for (uint b = 0; b < bits; b++) {
        uint at = first_byte + b;
        if (at >= out_len) {
            return;
        }
        uint value = 0;
        for (uint bit = 0; bit < 8; bit++) {
            uint stream_bit = b * 8 + bit;
            uint label = group * 8 + stream_bit / bits;
            uint t = stream_bit % bits;
            if (label < count) {
                value |= ((hashes[(size_t)label * 32 + t / 8] >> (t % 8)) & 1u) << bit;
            }
        }
        out[at] = (uchar)value;
    }
}
