import Glibc

/// One running kernel process and its pipes: start, byte I/O with
/// deadlines, and kill-and-reap. Not thread-safe: `ProcessKernel` holds it
/// under a lock.
///
/// stdin and stdout are one Unix socket pair, so that a write to a process
/// that died returns EPIPE (`MSG_NOSIGNAL`) instead of raising SIGPIPE in
/// the gate; stderr is a pipe drained whenever the gate waits, keeping its
/// last bytes for failure reports. Every descriptor is close-on-exec and
/// the child gets only 0, 1 and 2, so no other child of the gate holds a
/// pipe of this one open. The child leads its own process group, and
/// `terminate` kills the group, so a kernel started through a wrapper
/// script dies with its wrapper.
final class KernelProcess {
    let pid: pid_t
    /// The gate's end of the socket pair (the child's stdin and stdout), or -1 once closed.
    private(set) var socket: Int32
    /// The read end of the child's stderr, or -1 once it reached end of file.
    private(set) var stderr: Int32
    /// Bytes read from the socket and not consumed yet.
    private var pending: [UInt8] = []
    private var pendingStart = 0
    /// The last `stderrKept` bytes of the child's stderr.
    private(set) var stderrTail: [UInt8] = []
    private var reaped = false
    static let stderrKept = 8192

    private init(pid: pid_t, socket: Int32, stderr: Int32) {
        (self.pid, self.socket, self.stderr) = (pid, socket, stderr)
    }

    deinit { terminate() }

    /// Starts `command` (looked up in PATH when it has no '/').
    static func start(_ command: [String]) throws(KernelProcessFailure) -> KernelProcess {
        let pair = try socketPair()
        let errorPipe: [Int32]
        do {
            errorPipe = try socketPair()
        } catch {
            close(pair[0])
            close(pair[1])
            throw error
        }
        defer {
            close(pair[1])
            close(errorPipe[1])
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, pair[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errorPipe[1], 2)
        _ = closeFrom.map { $0(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        var unmasked = sigset_t()
        sigemptyset(&unmasked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unmasked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, command[0], &actions, &attributes, argv, environ)
        guard status == 0 else {
            close(pair[0])
            close(errorPipe[0])
            throw .startFailed("'\(command[0])': \(errorText(status))")
        }
        for fd in [pair[0], errorPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        return KernelProcess(pid: pid, socket: pair[0], stderr: errorPipe[0])
    }

    /// A connected pair of close-on-exec Unix stream sockets (`pipe2` is not
    /// visible to Swift without _GNU_SOURCE; a socket serves as a pipe).
    private static func socketPair() throws(KernelProcessFailure) -> [Int32] {
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw .startFailed("socketpair: \(errorText(errno))")
        }
        return pair
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at
    /// run time because its header needs _GNU_SOURCE: it closes every
    /// descriptor from 3 up in the child, including ones another part of the
    /// host process opened without close-on-exec, which would otherwise stay
    /// open in the kernel for its whole life. Absent (glibc before 2.34),
    /// the close-on-exec descriptors of this file are still never inherited.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    // MARK: Reading and writing

    /// Bytes up to a line feed (excluded), at most `limit` of them.
    func readLine(limit: Int, deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) -> [UInt8] {
        var scanned = 0  // bytes after pendingStart known to hold no line feed
        while true {
            if let end = pending[(pendingStart + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                guard end - pendingStart <= limit else { break }
                let line = Array(pending[pendingStart..<end])
                pendingStart = end + 1
                return line
            }
            scanned = pending.count - pendingStart
            guard scanned <= limit else { break }
            try fill(deadline: deadline, timeout: timeout)
        }
        throw .protocolViolation("a header line longer than \(limit) bytes (garbage on stdout, or a missing line feed?)")
    }

    /// Exactly `count` Float32 values (little-endian on the wire).
    func readFloats(count: Int, deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) -> [Float] {
        var failure: KernelProcessFailure?
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var filled = 0
            let buffered = min(pending.count - pendingStart, raw.count)
            if buffered > 0 {
                pending.withUnsafeBytes { raw.baseAddress!.copyMemory(from: $0.baseAddress! + pendingStart, byteCount: buffered) }
                pendingStart += buffered
                filled = buffered
            }
            while filled < raw.count {
                let got = read(socket, raw.baseAddress! + filled, raw.count - filled)
                if got > 0 {
                    filled += got
                } else if got < 0, errno == EAGAIN || errno == EINTR {
                    do throws(KernelProcessFailure) {
                        try wait(for: Int16(POLLIN), deadline: deadline, timeout: timeout)
                    } catch {
                        failure = error
                        break
                    }
                } else {
                    failure = ended()
                    break
                }
            }
            initialized = filled == raw.count ? count : 0
        }
        if let failure { throw failure }
        #if _endian(big)
        return values.map { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
        #else
        return values
        #endif
    }

    /// Throws when the process wrote more than its reply announced.
    func expectNoMoreBytes() throws(KernelProcessFailure) {
        var extra = pending.count - pendingStart
        var probe = [UInt8](repeating: 0, count: 256)
        let got = read(socket, &probe, probe.count)
        if got > 0 { extra += got }
        guard extra == 0 else {
            throw .protocolViolation("\(extra)\(got == probe.count ? "+" : "") bytes after the arrays the reply announced")
        }
        (pending, pendingStart) = ([], 0)
    }

    /// Writes all of `bytes`.
    func write(_ bytes: UnsafeRawBufferPointer, deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) {
        var written = 0
        while written < bytes.count {
            let sent = send(socket, bytes.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL))
            if sent >= 0 {
                written += sent
            } else if errno == EAGAIN || errno == EINTR {
                try wait(for: Int16(POLLOUT), deadline: deadline, timeout: timeout)
            } else {
                throw ended()
            }
        }
    }

    /// Reads what the socket has into `pending`, waiting for at least one byte.
    private func fill(deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) {
        if pendingStart > 0 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = read(socket, &chunk, chunk.count)
            if got > 0 {
                pending += chunk[0..<got]
                return
            }
            guard got < 0, errno == EAGAIN || errno == EINTR else { throw ended() }
            try wait(for: Int16(POLLIN), deadline: deadline, timeout: timeout)
        }
    }

    /// Waits until the socket is ready for `events`, draining stderr meanwhile.
    private func wait(for events: Int16, deadline: ContinuousClock.Instant, timeout: Duration) throws(KernelProcessFailure) {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut(timeout) }
            var fds = [pollfd(fd: socket, events: events, revents: 0), pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)]
            let milliseconds = Int32(min(remaining.seconds * 1000 + 1, 60_000))
            let ready = poll(&fds, fds[1].fd < 0 ? 1 : 2, milliseconds)
            if ready < 0, errno != EINTR { throw .ended("could not be polled: \(Self.errorText(errno))") }
            if fds[1].revents != 0 { drainStderr() }
            if fds[0].revents != 0 { return }
        }
    }

    /// Appends what stderr has to the tail, closing it at end of file.
    private func drainStderr() {
        guard stderr >= 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = read(stderr, &chunk, chunk.count)
            if got > 0 {
                stderrTail += chunk[0..<got]
                if stderrTail.count > Self.stderrKept { stderrTail.removeFirst(stderrTail.count - Self.stderrKept) }
            } else if got < 0, errno == EAGAIN || errno == EINTR {
                return
            } else {
                close(stderr)
                stderr = -1
                return
            }
        }
    }

    // MARK: Ending

    /// The failure for a process that closed its end: waits briefly for it
    /// to exit and says how it ended, with the last lines of its stderr.
    private func ended() -> KernelProcessFailure {
        let grace = ContinuousClock.now + .seconds(2)
        var status: Int32 = 0
        var how = "closed its stdout and did not exit; it was killed"
        while ContinuousClock.now < grace {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                reaped = true
                how = Self.describe(status: status)
                break
            }
            drainStderr()
            usleep(2000)
        }
        drainStderr()
        terminate()
        let lines = String(decoding: stderrTail, as: UTF8.self).split(separator: "\n").suffix(8)
        let tail = lines.isEmpty ? "stderr was empty" : "last lines of its stderr:\n    " + lines.joined(separator: "\n    ")
        return .ended("\(how); \(tail)")
    }

    /// Kills the process group and reaps the child; closes the socket and stderr.
    func terminate() {
        if !reaped {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            reaped = true
        }
        if socket >= 0 { close(socket) }
        if stderr >= 0 { close(stderr) }
        (socket, stderr) = (-1, -1)
    }

    /// "exited with status 3" or "was killed by signal 11 (Segmentation fault)".
    static func describe(status: Int32) -> String {
        let signal = status & 0x7F
        if signal == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        let name = strsignal(signal).map { String(cString: $0) } ?? "unknown"
        return "was killed by signal \(signal) (\(name))"
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
