// Stable LSD radix sort of 64-bit keys with 32-bit values, 8 bits a pass (256 digits).
// One pass = radix_histogram (per-block digit counts, digit-major so that one exclusive scan of
// all counts gives every block's output offset per digit) + the scan of scan.cu +
// radix_scatter (each block writes its items in their original order within a digit: stable).
// The host (org.splatforge.render.cuda.DeviceRadixSort) runs the 8 passes, ping-ponging buffers.
//
// Stability inside a block: items are taken RADIX_THREADS at a time in index order; within a
// warp, __match_any_sync finds the lanes with the same digit and a lane's rank is the number
// of such lanes below it; across the warps of the block, per-warp digit counts are
// prefix-summed in warp order. So items keep their index order within each digit.
#include "splat_common.cuh"

#define RADIX_THREADS 256
#define RADIX_WARPS (RADIX_THREADS / 32)
#define RADIX_ITEMS 8
#define RADIX_CHUNK (RADIX_THREADS * RADIX_ITEMS)
#define RADIX_DIGITS 256

extern "C" __global__ void radix_histogram(const unsigned long long* keys, unsigned int n, int shift,
                                           unsigned int* counts, unsigned int numBlocks) {
    __shared__ unsigned int hist[RADIX_DIGITS];
    hist[threadIdx.x] = 0;
    __syncthreads();
    unsigned int start = blockIdx.x * RADIX_CHUNK;
    unsigned int end = min(n, start + RADIX_CHUNK);
    for (unsigned int i = start + threadIdx.x; i < end; i += RADIX_THREADS) {
        unsigned int d = (unsigned int) (keys[i] >> shift) & 0xFFu;
        atomicAdd(&hist[d], 1u);
    }
    __syncthreads();
    counts[threadIdx.x * numBlocks + blockIdx.x] = hist[threadIdx.x];
}

extern "C" __global__ void radix_scatter(const unsigned long long* keysIn, const unsigned int* valsIn,
                                         unsigned long long* keysOut, unsigned int* valsOut, unsigned int n,
                                         int shift, const unsigned int* offsets, unsigned int numBlocks) {
    __shared__ unsigned int base[RADIX_DIGITS];                 // next output position per digit
    __shared__ unsigned int warpCount[RADIX_WARPS][RADIX_DIGITS];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    base[threadIdx.x] = offsets[threadIdx.x * numBlocks + blockIdx.x];
    unsigned int start = blockIdx.x * RADIX_CHUNK;
    unsigned int end = min(n, start + RADIX_CHUNK);
    unsigned int lowerLanes = (1u << lane) - 1u;
    for (unsigned int t0 = start; t0 < end; t0 += RADIX_THREADS) {
        for (int w = 0; w < RADIX_WARPS; w++) warpCount[w][threadIdx.x] = 0;
        __syncthreads();
        unsigned int i = t0 + threadIdx.x;
        bool valid = i < end;
        unsigned long long key = valid ? keysIn[i] : 0ull;
        unsigned int d = (unsigned int) (key >> shift) & 0xFFu;
        unsigned int validMask = __ballot_sync(FULL_MASK, valid);
        unsigned int rank = 0;
        if (valid) {
            unsigned int peers = __match_any_sync(validMask, d);
            rank = __popc(peers & lowerLanes);
            if (rank == 0) warpCount[warp][d] = __popc(peers); // the lowest peer writes the count
        }
        __syncthreads();
        // Thread t owns digit t: exclusive prefix over warps, and advance the digit's base.
        unsigned int run = base[threadIdx.x];
        for (int w = 0; w < RADIX_WARPS; w++) {
            unsigned int c = warpCount[w][threadIdx.x];
            warpCount[w][threadIdx.x] = run;
            run += c;
        }
        base[threadIdx.x] = run;
        __syncthreads();
        if (valid) {
            unsigned int p = warpCount[warp][d] + rank;
            keysOut[p] = key;
            valsOut[p] = valsIn[i];
        }
        __syncthreads();
    }
}
