// Exclusive prefix sum of unsigned 32-bit counts, in levels (Blelloch-style two-pass: scan each
// block, scan the block sums, add them back). The host plans the levels
// (org.splatforge.render.cuda.ScanPlan); the per-block scan is a warp-shuffle scan of per-thread
// sums, so results are exact integers and independent of the schedule.
#include "splat_common.cuh"

#define SCAN_THREADS 256
#define SCAN_ITEMS 4
#define SCAN_TILE (SCAN_THREADS * SCAN_ITEMS)

// Exclusive scan of one block's per-thread values; returns the block total in *total.
__device__ __forceinline__ unsigned int block_exclusive_scan(unsigned int v, unsigned int* total) {
    __shared__ unsigned int warpSums[SCAN_THREADS / 32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    unsigned int x = v;
    for (int o = 1; o < 32; o <<= 1) {
        unsigned int y = __shfl_up_sync(FULL_MASK, x, o);
        if (lane >= o) x += y;
    }
    if (lane == 31) warpSums[warp] = x;
    __syncthreads();
    if (warp == 0) {
        unsigned int w = lane < SCAN_THREADS / 32 ? warpSums[lane] : 0;
        for (int o = 1; o < 32; o <<= 1) {
            unsigned int y = __shfl_up_sync(FULL_MASK, w, o);
            if (lane >= o) w += y;
        }
        if (lane < SCAN_THREADS / 32) warpSums[lane] = w; // inclusive over warps
    }
    __syncthreads();
    unsigned int warpBase = warp == 0 ? 0 : warpSums[warp - 1];
    *total = warpSums[SCAN_THREADS / 32 - 1];
    unsigned int r = warpBase + x - v;
    __syncthreads(); // warpSums is reused by the next call
    return r;
}

// out[i] = sum of in[0..i) within each SCAN_TILE-sized block; blockSums[b] = the block's total.
// in and out may alias.
extern "C" __global__ void scan_blocks(const unsigned int* in, unsigned int* out, unsigned int* blockSums,
                                       unsigned int n) {
    unsigned int base = blockIdx.x * SCAN_TILE + threadIdx.x * SCAN_ITEMS;
    unsigned int v[SCAN_ITEMS];
    unsigned int sum = 0;
    for (int k = 0; k < SCAN_ITEMS; k++) {
        unsigned int i = base + k;
        v[k] = i < n ? in[i] : 0u;
        sum += v[k];
    }
    unsigned int total;
    unsigned int run = block_exclusive_scan(sum, &total);
    for (int k = 0; k < SCAN_ITEMS; k++) {
        unsigned int i = base + k;
        if (i < n) out[i] = run;
        run += v[k];
    }
    if (threadIdx.x == 0 && blockSums != 0) blockSums[blockIdx.x] = total;
}

// data[i] += offsets[block of i] (offsets: the exclusive scan of the block sums).
extern "C" __global__ void scan_add(unsigned int* data, const unsigned int* offsets, unsigned int n) {
    unsigned int base = blockIdx.x * SCAN_TILE;
    unsigned int add = offsets[blockIdx.x];
    for (int k = threadIdx.x; k < SCAN_TILE; k += SCAN_THREADS) {
        unsigned int i = base + k;
        if (i < n) data[i] += add;
    }
}
