// What the target machine offers that Swift can neither spell nor detect:
// non-temporal stores, a spin-wait hint, and whether the build's
// instruction set has a fused multiply-add. Clang's builtins and predefined
// macros, read through the same target options as the Swift code (a `-target-cpu` on the command
// line reaches both); no compiler flag of the package's own.
#ifndef NORMCHECK_TARGET_INTRINSICS_H
#define NORMCHECK_TARGET_INTRINSICS_H

// MARK: fused multiply-add

/// 1 when the build's instruction set multiplies and adds with one rounding
/// in hardware (x86-64 with FMA, as -target-cpu skylake-avx512 or
/// x86-64-v3 select; every AArch64), else 0. Swift's `addingProduct` is then
/// one instruction; without it, a call to libm's fmaf per element.
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA) || defined(__aarch64__)
#define TARGET_HAS_FMA 1
#else
#define TARGET_HAS_FMA 0
#endif

// MARK: non-temporal stores
//
// An output larger than the caches is written past them: a plain store
// first reads the line it writes (read for ownership), a third stream of
// memory traffic beside reading x and writing y, and evicts x. A
// non-temporal store writes whole lines straight to memory; clang's builtin
// compiles to the target's instruction (MOVNTPS on x86-64, STNP on AArch64).

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

// MARK: spin-wait hint

/// Tells the core this thread is spinning on a flag (PAUSE on x86-64, YIELD
/// on AArch64): it issues less, leaves the other hardware thread of the
/// core its resources, and leaves the loop without a memory-order flush.
static inline __attribute__((always_inline)) void spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#endif
