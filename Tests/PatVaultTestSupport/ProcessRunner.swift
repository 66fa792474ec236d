import CSystem
import PatVault

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program with given arguments, environment and standard input, in a new session
/// (so it has no controlling terminal and can never prompt), and collects its output, through
/// the library's own `ChildProcess`: the same spawning patvault uses for hooks (no descriptor
/// beyond 0-2 inherited, pipes drained before the child is reaped).
public enum ProcessRunner {
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
        let outcome = ChildProcess.run([
            ChildProcess.Spec(
                argv: [executable] + arguments, environment: environment, input: input, timeoutSeconds: timeoutSeconds,
                outputLimit: 64 << 20)
        ])[0]
        let status: Int32
        switch outcome.ending {
        case .exited(let code): status = code
        case .signalled(let signal): status = 128 + signal
        case .timedOut: status = 128 + SIGKILL
        case .failedToStart: status = -1
        }
        return Result(status: status, stdout: outcome.stdout, stderr: outcome.stderr)
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
        patvault_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        patvault_spawn_new_session(&attributes)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        return pid
    }
}
