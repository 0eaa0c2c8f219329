// Non-temporal (streaming) stores for the Float kernels' output sweeps.
//
// An output larger than the caches is written past them: a plain store
// first reads the line it writes (read for ownership), a third stream of
// memory traffic beside reading x and writing y, and evicts x. A
// non-temporal store writes whole lines straight to memory. Swift has no
// spelling for it, so this header wraps clang's builtin, which compiles to
// the target's instruction (MOVNTPS on x86-64, STNP on AArch64) and needs
// no compiler flag.
#ifndef NORMCHECK_NONTEMPORAL_H
#define NORMCHECK_NONTEMPORAL_H

/// Sixteen floats: imported into Swift as SIMD16<Float>.
typedef float nontemporal_float16 __attribute__((ext_vector_type(16)));

/// Stores v at p, which must be 64-byte aligned, bypassing the caches.
static inline __attribute__((always_inline)) void nontemporal_store16(nontemporal_float16 v, float *p) {
    __builtin_nontemporal_store(v, (nontemporal_float16 *)__builtin_assume_aligned(p, 64));
}

/// Orders this thread's non-temporal stores before its later stores (they
/// are weakly ordered on x86-64: without it another thread could read an
/// output element before its value lands).
static inline __attribute__((always_inline)) void nontemporal_fence(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_sfence();
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

#endif
