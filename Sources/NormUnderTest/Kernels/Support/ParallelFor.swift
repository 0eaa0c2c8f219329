import Dispatch

/// Runs independent tasks on all cores.
///
/// Determinism rests on one rule that every caller keeps: task `i` writes only
/// outputs that belong to task `i`, and what it computes does not depend on
/// which worker runs it. The split of every reduction is therefore fixed by
/// the shape (the task list), never by the thread count or by timing, and the
/// results are bitwise identical for 1, 2 or 64 threads.
package enum ParallelFor {
    /// Chunks per worker: whichever worker is free claims the next chunk, so
    /// a core that another process takes for a while delays its current
    /// chunk, not half of the work.
    package static let chunksPerWorker = 8

    /// Calls `body(task)` once for every task in `0..<tasks`, cut for
    /// `threads` workers. Tasks are cut into contiguous chunks (so that
    /// neighbouring tasks share cache lines on one core), which the workers
    /// claim dynamically: `WorkerPool.shared`, or Dispatch while the pool
    /// runs another job; which worker runs a chunk never changes what it computes.
    package static func run(tasks: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = min(max(threads, 1), tasks)
        guard workers > 1 else {
            for task in 0..<tasks { body(task) }
            return
        }
        let chunks = min(tasks, workers * chunksPerWorker)
        let chunk = { (chunk: Int) in
            for task in tasks * chunk / chunks ..< tasks * (chunk + 1) / chunks { body(task) }
        }
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *), WorkerPool.shared.run(chunks: chunks, chunk) {
            return
        }
        withoutActuallyEscaping(chunk) { chunk in
            let box = UncheckedSendable(chunk)
            DispatchQueue.concurrentPerform(iterations: chunks) { box.value($0) }
        }
    }
}

/// Carries a value that the caller guarantees is used race-free (each task
/// touches disjoint memory) across a Dispatch boundary.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
