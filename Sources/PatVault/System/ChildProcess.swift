import CSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Runs child programs (exec hooks, the network helper) without a shell: stdin fed from a
/// buffer, stdout and stderr collected up to a limit, every descriptor above stderr closed in
/// the child, and a deadline after which the child is killed. Several run at once under one
/// poll loop, so a hanging child never delays the others.
public enum ChildProcess {
    public struct Spec: Sendable {
        public var argv: [String]
        public var environment: [String: String]
        public var input: [UInt8]
        public var timeoutSeconds: Int
        public var outputLimit: Int

        public init(
            argv: [String], environment: [String: String], input: [UInt8], timeoutSeconds: Int,
            outputLimit: Int = 1 << 20
        ) {
            self.argv = argv
            self.environment = environment
            self.input = input
            self.timeoutSeconds = timeoutSeconds
            self.outputLimit = outputLimit
        }
    }

    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        case timedOut
        case failedToStart(Int32)
    }

    public struct Outcome: Sendable {
        public var ending: Ending
        public var stdout: [UInt8]
        public var stderr: [UInt8]

        /// The last line of standard error, for a one-line failure reason.
        public var lastErrorLine: String? {
            String(decoding: stderr, as: UTF8.self).split(separator: "\n").last.map { String($0.prefix(200)) }
        }
    }

    private final class Running {
        let pid: pid_t
        var stdinFD: Int32
        var stdoutFD: Int32
        var stderrFD: Int32
        var pending: ArraySlice<UInt8>
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        let deadline: Int64
        let limit: Int
        var ending: Ending?

        init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32, input: [UInt8], deadline: Int64, limit: Int) {
            self.pid = pid
            stdinFD = stdin
            stdoutFD = stdout
            stderrFD = stderr
            pending = input[...]
            self.deadline = deadline
            self.limit = limit
        }
    }

    public static func run(_ specs: [Spec]) -> [Outcome] {
        // A child that exits before reading its stdin must not kill patvault with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let start = monotonicMilliseconds()
        var running: [Running?] = specs.map { spawn($0, now: start) }
        var outcomes = [Outcome?](repeating: nil, count: specs.count)
        for (index, child) in running.enumerated() where child == nil {
            outcomes[index] = Outcome(ending: .failedToStart(errno), stdout: [], stderr: [])
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while running.contains(where: { $0 != nil }) {
            var fds: [pollfd] = []
            var owners: [(Int, Int)] = []  // (child index, 0 stdin / 1 stdout / 2 stderr)
            for (index, child) in running.enumerated() {
                guard let child else { continue }
                if child.stdinFD >= 0 {
                    fds.append(pollfd(fd: child.stdinFD, events: Int16(POLLOUT), revents: 0))
                    owners.append((index, 0))
                }
                if child.stdoutFD >= 0 {
                    fds.append(pollfd(fd: child.stdoutFD, events: Int16(POLLIN), revents: 0))
                    owners.append((index, 1))
                }
                if child.stderrFD >= 0 {
                    fds.append(pollfd(fd: child.stderrFD, events: Int16(POLLIN), revents: 0))
                    owners.append((index, 2))
                }
            }
            // Children whose pipes are all closed are only waited for: check often, not every 100 ms.
            _ = poll(&fds, nfds_t(fds.count), fds.isEmpty ? 1 : 100)
            for (slot, descriptor) in fds.enumerated() where descriptor.revents != 0 {
                let (index, stream) = owners[slot]
                guard let child = running[index] else { continue }
                if stream == 0 {
                    let written = child.pending.withUnsafeBytes { write(child.stdinFD, $0.baseAddress, $0.count) }
                    if written > 0 { child.pending = child.pending.dropFirst(written) }
                    if child.pending.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                        close(child.stdinFD)
                        child.stdinFD = -1
                    }
                    continue
                }
                let got = read(descriptor.fd, &buffer, buffer.count)
                if got > 0 {
                    if stream == 1 {
                        child.stdout += buffer[0..<min(got, max(0, child.limit - child.stdout.count))]
                    } else {
                        child.stderr += buffer[0..<min(got, max(0, 65_536 - child.stderr.count))]
                    }
                } else if got == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(descriptor.fd)
                    if stream == 1 { child.stdoutFD = -1 } else { child.stderrFD = -1 }
                }
            }
            let now = monotonicMilliseconds()
            for (index, child) in running.enumerated() {
                guard let child else { continue }
                var status: Int32 = 0
                if child.stdoutFD < 0 && child.stderrFD < 0 {
                    if waitpid(child.pid, &status, WNOHANG) == child.pid {
                        child.ending = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
                    }
                }
                if child.ending == nil && now >= child.deadline {
                    kill(-child.pid, SIGKILL)  // the child leads its own process group
                    kill(child.pid, SIGKILL)
                    while waitpid(child.pid, &status, 0) < 0 && errno == EINTR {}
                    child.ending = .timedOut
                }
                if let ending = child.ending {
                    for descriptor in [child.stdinFD, child.stdoutFD, child.stderrFD] where descriptor >= 0 {
                        close(descriptor)
                    }
                    outcomes[index] = Outcome(ending: ending, stdout: child.stdout, stderr: child.stderr)
                    running[index] = nil
                }
            }
        }
        return outcomes.map { $0 ?? Outcome(ending: .failedToStart(0), stdout: [], stderr: []) }
    }

    private static func spawn(_ spec: Spec, now: Int64) -> Running? {
        guard let program = spec.argv.first else { return nil }
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0, pipe(&stdoutPipe) == 0, pipe(&stderrPipe) == 0 else { return nil }
        for descriptor in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(stdinPipe[1], F_SETFL, O_NONBLOCK)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        patvault_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        patvault_spawn_new_session(&attributes)

        let argv: [UnsafeMutablePointer<CChar>?] = spec.argv.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = spec.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        var status = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        // A hook script still open for writing somewhere (being deployed) cannot be executed
        // for a moment: "Text file busy". Try again briefly rather than fail the delivery.
        for _ in 0..<10 where status == ETXTBSY {
            usleep(20_000)
            status = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard status == 0 else {
            for descriptor in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] { close(descriptor) }
            errno = status
            return nil
        }
        let child = Running(
            pid: pid, stdin: stdinPipe[1], stdout: stdoutPipe[0], stderr: stderrPipe[0], input: spec.input,
            deadline: now + Int64(spec.timeoutSeconds) * 1000, limit: spec.outputLimit)
        if spec.input.isEmpty {
            close(child.stdinFD)
            child.stdinFD = -1
        }
        return child
    }

    static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// The environment a child gets: the caller's, minus everything of patvault's own (the
    /// passphrase and key-file variables above all) and systemd's credentials folder.
    public static func sanitizedEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.filter { !$0.key.hasPrefix("PATVAULT_") && $0.key != "CREDENTIALS_DIRECTORY" }
    }
}
