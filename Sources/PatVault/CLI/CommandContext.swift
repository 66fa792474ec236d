#if canImport(Glibc)
    import Glibc
#endif

/// Everything a command may touch of the outside world: environment, clock, streams,
/// terminal. The executable builds it from the process; tests build it by hand.
public final class CommandContext {
    public let environment: [String: String]
    /// "Now": `PATVAULT_NOW` if set, else the system clock, in UTC.
    public let now: Timestamp
    public let standardInput: InputSource
    public let standardOutput: OutputSink
    public let standardError: OutputSink
    public let terminal: Terminal
    /// Who is acting, for the audit log; looked up on first use.
    public private(set) lazy var actor: String = actorSource()
    private let actorSource: () -> String
    /// The policy set, once a command has asked for it.
    var loadedPolicies: PolicySet?

    public init(
        environment: [String: String], now: Timestamp, standardInput: InputSource, standardOutput: OutputSink,
        standardError: OutputSink, terminal: Terminal, actor: @escaping @autoclosure () -> String
    ) {
        self.environment = environment
        self.now = now
        self.standardInput = standardInput
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.terminal = terminal
        self.actorSource = actor
    }

    /// The process's environment as a dictionary. Split at the first `=` byte: searching by
    /// Character cost a short-lived process more than opening the vault's key file.
    ///
    /// - Parameter entries: a NULL-terminated array of `NAME=value` strings; the process's own
    ///   by default.
    public static func processEnvironment(
        _ entries: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = environ
    ) -> [String: String] {
        var environment: [String: String] = [:]
        var entry = entries
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
                environment[String(pair[..<equals])] = String(pair[pair.utf8.index(after: equals)...])
            }
            entry += 1
        }
        return environment
    }

    /// The clock as the contract defines it: `PATVAULT_NOW` overrides the system clock.
    public static func clock(environment: [String: String]) throws -> Timestamp {
        if let text = environment["PATVAULT_NOW"], !text.isEmpty {
            do {
                return try DateParser.parse(text)
            } catch {
                throw InputError.badClock(error)
            }
        }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(seconds: Int64(spec.tv_sec))
    }

    /// `user(uid=N)`, from the password database, for the audit log.
    public static func currentActor() -> String {
        let uid = getuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            return "\(String(cString: name))(uid=\(uid))"
        }
        return "uid=\(uid)"
    }

    /// A command's resolved locations and global options.
    func vaultPath(_ options: GlobalOptions) throws -> String {
        try Locations.vault(flag: options.vault, environment: environment)
    }
}
