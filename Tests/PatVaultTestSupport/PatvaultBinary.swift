#if canImport(Glibc)
    import Glibc
#endif

/// The built `patvault` executable and a throw-away home for it: a vault path, a key file,
/// a fixed clock, and nothing of the caller's environment that could unlock or prompt.
public final class PatvaultHarness {
    public let directory = TemporaryDirectory()
    public var vault: String { directory.file("vault/vault.db") }
    public var keyFile: String { directory.file("key") }
    /// `PATVAULT_NOW` for every run unless a run overrides it.
    public var now = "2027-01-15T09:00:00Z"

    public init() {}

    /// `PATVAULT_BIN` if set, else `patvault` beside the test bundle in the build folder.
    public static let executable: String = {
        if let path = getenv("PATVAULT_BIN") { return String(cString: path) }
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(length > 0, "cannot find the test executable")
        let testBinary = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var folder = testBinary
        while !folder.isEmpty, folder != "/" {
            folder = String(folder[..<(folder.lastIndex(of: "/") ?? folder.startIndex)])
            let candidate = folder + "/patvault"
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG { return candidate }
        }
        fatalError("patvault binary not found near \(testBinary); build it or set PATVAULT_BIN")
    }()

    /// The base environment: vault and clock set, HOME pointing into the sandbox.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATVAULT_VAULT": vault, "PATVAULT_NOW": now, "HOME": directory.path, "PATH": "/usr/bin:/bin",
        ]
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs `patvault ARGS` with the key file unlocking (unless `unlock` is false).
    @discardableResult
    public func run(
        _ arguments: [String], input: String = "", unlock: Bool = true, environment extra: [String: String] = [:]
    )
        -> ProcessRunner.Result
    {
        var environment = environment(extra)
        if unlock && environment["PATVAULT_KEYFILE"] == nil && environment["PATVAULT_PASSPHRASE"] == nil {
            environment["PATVAULT_KEYFILE"] = keyFile
        }
        return ProcessRunner.run(Self.executable, arguments, environment: environment, input: Array(input.utf8))
    }

    /// `init --new-keyfile` with the harness's key file.
    @discardableResult
    public func initialise() -> ProcessRunner.Result {
        run(["init", "--new-keyfile", keyFile], unlock: false)
    }

    /// Adds a credential with a fresh classic look-alike token; returns the token.
    @discardableResult
    public func add(
        _ name: String, org: String = "https://dev.azure.com/contoso", extra: [String] = ["--lifetime", "90d"]
    )
        -> String
    {
        let token = LookAlikeToken.classic()
        let result = run(["add", name, "--org", org] + extra, input: token + "\n")
        precondition(result.status == 0, "add \(name) failed: \(result)")
        return token
    }

    /// The vault file's bytes, to prove a failed command changed nothing.
    public func vaultBytes() -> [UInt8] {
        TemporaryDirectory.contents(of: vault) ?? []
    }
}
