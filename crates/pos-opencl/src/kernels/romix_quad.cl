// ROMix with each label split over four work-items (a "quad"), for GPUs: work-item t of
// a quad holds column t of both 16-word blocks (words t, t+4, t+8, t+12 as a uint4), so
// a column round is local and a diagonal round first rotates rows b, c, d across the
// quad by 1, 2, 3 places and back afterwards. Fewer registers per work-item and four
// loads in flight per label are what this buys over romix_slice.
//
// Quad exchange: NVIDIA's shfl.sync in inline PTX when built with -D POS_NV_SHFL, else
// local memory with barriers (correct everywhere, slow; tests run it on PoCL).

#ifdef POS_NV_SHFL
static inline uint quad_take(uint value, uint from) {
    uint r;
    // Segments of 4 lanes (segmask 0x1c, clamp 3): `from` is the lane within the quad.
    asm volatile("shfl.sync.idx.b32 %0, %1, %2, 0x1c03, 0xffffffff;"
                 : "=r"(r)
                 : "r"(value), "r"(from));
    return r;
}
#define ROTATE_ROWS(x, t, scratch, sb, sc, sd)                                         \
    x.y = quad_take(x.y, ((t) + sb) & 3);                                                \
    x.z = quad_take(x.z, ((t) + sc) & 3);                                                \
    x.w = quad_take(x.w, ((t) + sd) & 3);
#define BROADCAST0(value, scratch) quad_take(value, 0)
#else
static inline uint4 quad_rotate(uint4 x, uint t, __local uint *scratch, uint sb, uint sc,
                                uint sd) {
    uint lid = get_local_id(0);
    uint size = get_local_size(0);
    uint quad = lid & ~3u;
    scratch[lid] = x.y;
    scratch[size + lid] = x.z;
    scratch[2 * size + lid] = x.w;
    barrier(CLK_LOCAL_MEM_FENCE);
    x.y = scratch[quad + ((t + sb) & 3)];
    x.z = scratch[size + quad + ((t + sc) & 3)];
    x.w = scratch[2 * size + quad + ((t + sd) & 3)];
    barrier(CLK_LOCAL_MEM_FENCE);
    return x;
}
static inline uint quad_broadcast0(uint value, __local uint *scratch) {
    uint lid = get_local_id(0);
    scratch[lid] = value;
    barrier(CLK_LOCAL_MEM_FENCE);
    uint r = scratch[lid & ~3u];
    barrier(CLK_LOCAL_MEM_FENCE);
    return r;
}
#define ROTATE_ROWS(x, t, scratch, sb, sc, sd) x = quad_rotate(x, t, scratch, sb, sc, sd);
#define BROADCAST0(value, scratch) quad_broadcast0(value, scratch)
#endif

static inline uint4 chacha8_quad(uint4 in, uint t, __local uint *scratch) {
    uint4 x = in;
    for (int i = 0; i < 4; i++) {
        QR(x.x, x.y, x.z, x.w);
        ROTATE_ROWS(x, t, scratch, 1, 2, 3);
        QR(x.x, x.y, x.z, x.w);
        ROTATE_ROWS(x, t, scratch, 3, 2, 1);
    }
    return x + in;
}

// As romix_slice, with work-item 4 * lane + t. V entry i of a lane is 128 contiguous
// bytes at uint4 index (i * lanes + lane) * 8: block 0's column t at + t, block 1's at
// + 4 + t, so a quad reads or writes one whole line. `scratch`: 3 uints per work-item
// (unused with shfl). No early return: every work-item of a quad must take part.
__kernel void romix_slice4(__global uint *state, __global uint4 *v, uint lanes, uint n,
                           uint it_from, uint it_to, __local uint *scratch) {
    uint gid = get_global_id(0);
    uint lane = gid >> 2;
    uint t = gid & 3;
    __global uint *s = state + (size_t)lane * 32;
    uint4 x0 = (uint4)(s[t], s[4 + t], s[8 + t], s[12 + t]);
    uint4 x1 = (uint4)(s[16 + t], s[20 + t], s[24 + t], s[28 + t]);
    uint it = it_from;
    for (; it < it_to && it < n; it++) {
        size_t at = ((size_t)it * lanes + lane) * 8 + t;
        v[at] = x0;
        v[at + 4] = x1;
        x0 = chacha8_quad(x1 ^ x0, t, scratch);
        x1 = chacha8_quad(x0 ^ x1, t, scratch);
    }
    uint mask = n - 1;
    for (; it < it_to; it++) {
        uint j = BROADCAST0(x1.x, scratch) & mask;
        size_t at = ((size_t)j * lanes + lane) * 8 + t;
        x0 ^= v[at];
        x1 ^= v[at + 4];
        x0 = chacha8_quad(x1 ^ x0, t, scratch);
        x1 = chacha8_quad(x0 ^ x1, t, scratch);
    }
    s[t] = x0.x;
    s[4 + t] = x0.y;
    s[8 + t] = x0.z;
    s[12 + t] = x0.w;
    s[16 + t] = x1.x;
    s[20 + t] = x1.y;
    s[24 + t] = x1.z;
    s[28 + t] = x1.w;
}
