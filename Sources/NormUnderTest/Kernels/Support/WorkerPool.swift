import Foundation
import Synchronization
import TargetIntrinsics

/// Worker threads that spin for a while after each job before they sleep:
/// `ParallelFor`'s runs follow each other closely (two or three per kernel
/// call, calls back to back), and a sleeping worker takes 10-30 us to wake
/// (Dispatch's `concurrentPerform` on the 2-core EPYC this was measured on
/// lost 20-35 us per run against half the serial time, README "Benchmark"),
/// a tenth of a 0.2 ms kernel. OpenMP runtimes spin the same way
/// (`KMP_BLOCKTIME`, `GOMP_SPINCOUNT`).
///
/// One job at a time: `run` returns false, and the caller takes another
/// way, when a job is already running (another thread's kernel, or a
/// nested run from inside a job).
///
/// Protocol (all atomics sequentially consistent): `generation` is odd
/// while a job is published. A worker counts itself in `active`, then checks
/// that the generation it saw is still current before it reads the job;
/// the caller, when every chunk is done, makes the generation even first
/// and then waits for `active` to drain, so no worker reads a job after
/// `run` returns. A sleeping worker counts itself in `sleepers` before it
/// re-checks the generation; the caller signals one wake per sleeper it
/// sees after publishing (a wake that finds its worker awake is spent on
/// that worker's next sleep, which then re-checks and sleeps again).
@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
final class WorkerPool: Sendable {
    /// The process's pool: one worker per core beside the caller.
    static let shared = WorkerPool(workers: ProcessInfo.processInfo.activeProcessorCount - 1)

    /// How long an idle worker spins before it sleeps: longer than the gaps
    /// between one kernel call's runs and between calls, short enough that
    /// a spinning worker takes little from other threads of a busy process.
    static let spinNanoseconds: UInt64 = 200_000

    let workers: Int
    private let busy = Atomic<Bool>(false)
    private let generation = Atomic<Int>(0)
    private let next = Atomic<Int>(0)
    private let done = Atomic<Int>(0)
    private let active = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    /// Written by the caller only while no worker can read it (see the protocol).
    private nonisolated(unsafe) var job: Job?

    private struct Job {
        let chunks: Int
        let body: (Int) -> Void
    }

    init(workers: Int) {
        self.workers = max(0, workers)
        for _ in 0..<self.workers {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "NormUnderTest.WorkerPool"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Calls body(chunk) for every chunk in 0..<chunks, on the calling thread
    /// and the workers; false (nothing run) when another job holds the pool.
    func run(chunks: Int, _ body: (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .sequentiallyConsistent).exchanged else {
            return false
        }
        defer { busy.store(false, ordering: .sequentiallyConsistent) }
        withoutActuallyEscaping(body) { body in
            job = Job(chunks: chunks, body: body)
            next.store(0, ordering: .sequentiallyConsistent)
            done.store(0, ordering: .sequentiallyConsistent)
            generation.add(1, ordering: .sequentiallyConsistent)
            for _ in 0..<sleepers.load(ordering: .sequentiallyConsistent) { wake.signal() }
            work(body, chunks: chunks)
            var spins = 0
            while done.load(ordering: .sequentiallyConsistent) < chunks { WorkerPool.backOff(&spins) }
            generation.add(1, ordering: .sequentiallyConsistent)
            while active.load(ordering: .sequentiallyConsistent) > 0 { WorkerPool.backOff(&spins) }
            job = nil
        }
        return true
    }

    /// Claims and runs chunks until none is left.
    private func work(_ body: (Int) -> Void, chunks: Int) {
        while true {
            let chunk = next.add(1, ordering: .sequentiallyConsistent).oldValue
            guard chunk < chunks else { return }
            body(chunk)
            done.add(1, ordering: .sequentiallyConsistent)
        }
    }

    /// A worker's loop: wait for a published job (spinning, then sleeping), join it.
    private func serve() {
        var seen = 0
        while true {
            seen = waitForJob(after: seen)
            active.add(1, ordering: .sequentiallyConsistent)
            join(seen)
            active.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Runs chunks of the job of generation `current` while it is the
    /// current one. Out of line, so that the worker's copy of the job is
    /// released before the worker leaves `active`: a release the optimizer
    /// sank past that would outlive `run` (and `withoutActuallyEscaping`
    /// reports the closure as escaped).
    @inline(never)
    private func join(_ current: Int) {
        guard generation.load(ordering: .sequentiallyConsistent) == current, let job else { return }
        work(job.body, chunks: job.chunks)
    }

    /// One step of a spin-wait: a pause, and every 64th step a yield of the
    /// core, so that on a machine with more runnable threads than cores (tests
    /// in parallel, a busy CI host) a spinning thread lets the thread it
    /// waits for, or any other, run instead of burning its time slice.
    @inline(__always)
    private static func backOff(_ spins: inout Int) {
        spin_pause()
        spins += 1
        if spins & 63 == 0 { sched_yield() }
    }

    /// The next odd generation after `seen`.
    private func waitForJob(after seen: Int) -> Int {
        var deadline: UInt64 = 0
        var spins = 0
        while true {
            let current = generation.load(ordering: .sequentiallyConsistent)
            if current != seen, current & 1 == 1 { return current }
            WorkerPool.backOff(&spins)
            guard spins & 63 == 0 else { continue }
            let now = DispatchTime.now().uptimeNanoseconds
            if deadline == 0 { deadline = now + WorkerPool.spinNanoseconds }
            guard now >= deadline else { continue }
            sleepers.add(1, ordering: .sequentiallyConsistent)
            let latest = generation.load(ordering: .sequentiallyConsistent)
            if latest == current || latest & 1 == 0 { wake.wait() }
            sleepers.subtract(1, ordering: .sequentiallyConsistent)
            deadline = 0
        }
    }
}
