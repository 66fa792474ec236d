#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with given arguments, environment and standard input, in a new session
/// (so it has no controlling terminal and can never prompt), and collects its output. Both
/// pipes are drained with poll(2) before the child is reaped, so a chatty child never blocks.
public enum ProcessRunner {
    static let spawnLock = SpawnLock()

    /// A process-wide mutex around pipe creation and spawning.
    final class SpawnLock: @unchecked Sendable {
        private var mutex = pthread_mutex_t()
        init() { pthread_mutex_init(&mutex, nil) }
        func lock() { pthread_mutex_lock(&mutex) }
        func unlock() { pthread_mutex_unlock(&mutex) }
    }

    public struct Result: CustomStringConvertible, Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var output: String { String(decoding: stdout, as: UTF8.self) }
        public var errors: String { String(decoding: stderr, as: UTF8.self) }
        public var description: String { "exit \(status)\nstdout: \(output)\nstderr: \(errors)" }

        public init(status: Int32, stdout: [UInt8], stderr: [UInt8]) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], input: [UInt8] = [],
        timeoutSeconds: Int = 120
    ) -> Result {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        var stderrPipe: [Int32] = [0, 0]
        // Tests spawn from several threads at once. Every pipe end is close-on-exec, and the
        // pipes are made and the child spawned under one lock, so no child inherits another
        // child's pipe ends (which would hold that child's EOF hostage).
        spawnLock.lock()
        precondition(pipe(&stdinPipe) == 0 && pipe(&stdoutPipe) == 0 && pipe(&stderrPipe) == 0)
        for descriptor in stdinPipe + stdoutPipe + stderrPipe { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // POSIX_SPAWN_SETSID (glibc 2.26+) needs _GNU_SOURCE, so it does not import: its value is 0x80.
        posix_spawnattr_setflags(&attributes, 0x80)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        spawnLock.unlock()
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            return Result(status: -1, stdout: [], stderr: Array("spawn failed: \(spawned)".utf8))
        }

        var pendingInput = input[...]
        var stdinOpen = true
        if pendingInput.isEmpty {
            close(stdinPipe[1])
            stdinOpen = false
        } else {
            _ = fcntl(stdinPipe[1], F_SETFL, fcntl(stdinPipe[1], F_GETFL) | O_NONBLOCK)
        }
        var out: [UInt8] = []
        var err: [UInt8] = []
        var openOutputs = 2
        let deadline = time(nil) + timeoutSeconds
        var buffer = [UInt8](repeating: 0, count: 65536)
        while openOutputs > 0 && time(nil) < deadline {
            var fds = [
                pollfd(fd: stdoutPipe[0], events: Int16(POLLIN), revents: 0),
                pollfd(fd: stderrPipe[0], events: Int16(POLLIN), revents: 0),
                pollfd(fd: stdinOpen ? stdinPipe[1] : -1, events: Int16(POLLOUT), revents: 0),
            ]
            if poll(&fds, 3, 1000) <= 0 { continue }
            for index in 0..<2 where fds[index].revents != 0 && fds[index].fd >= 0 {
                let got = read(fds[index].fd, &buffer, buffer.count)
                if got > 0 {
                    if index == 0 { out += buffer[0..<got] } else { err += buffer[0..<got] }
                } else if got == 0 || errno != EINTR {
                    close(fds[index].fd)
                    if index == 0 { stdoutPipe[0] = -1 } else { stderrPipe[0] = -1 }
                    openOutputs -= 1
                }
            }
            if stdinOpen && fds[2].revents != 0 {
                let written = pendingInput.withUnsafeBytes { write(stdinPipe[1], $0.baseAddress, $0.count) }
                if written > 0 { pendingInput = pendingInput.dropFirst(written) }
                if written < 0 && errno != EAGAIN || pendingInput.isEmpty {
                    close(stdinPipe[1])
                    stdinOpen = false
                }
            }
        }
        if stdinOpen { close(stdinPipe[1]) }
        if stdoutPipe[0] >= 0 { close(stdoutPipe[0]) }
        if stderrPipe[0] >= 0 { close(stderrPipe[0]) }
        if openOutputs > 0 { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS by hand: the macros do not import into Swift.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, stdout: out, stderr: err)
    }

    /// Starts a program in the background (its output discarded), for tests that kill it.
    /// `stdinFile` names a file to read standard input from (default: nothing).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String], stdinFile: String = "/dev/null"
    ) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinFile, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, 0x80)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        spawnLock.lock()
        posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        spawnLock.unlock()
        return pid
    }
}
