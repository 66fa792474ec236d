/// One subcommand: its name and help, a pure parse of its arguments, and its run.
public protocol Command {
    /// The words that name it: `add`, `key list`.
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// The usage lines and option descriptions of `patvault help NAME`.
    static var help: String { get }
    static var options: [ParsedArguments.Option] { get }

    /// Reads the typed invocation; no I/O, no exit.
    init(_ arguments: ParsedArguments) throws

    /// Does the work and returns the exit code (0 unless the command reports a status).
    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode
}

/// Shared pieces of several commands' argument reading.
enum Arguments {
    static func name(_ text: String) throws -> CredentialName { try CredentialName(text) }

    static func date(_ text: String) throws -> Timestamp {
        do { return try DateParser.parse(text) } catch { throw InputError.badDate(error) }
    }

    static func lifetime(_ text: String) throws -> Lifetime {
        do { return try Lifetime.parse(text) } catch { throw InputError.badLifetime(error) }
    }

    static func versionNumber(_ text: String) throws -> Int {
        guard let number = Int(text), number >= 1, number <= 1_000_000 else { throw InputError.badVersion(text) }
        return number
    }

    /// `--version N`, `--previous`, `--all` (where allowed), or the command's default.
    static func versionSelector(_ arguments: ParsedArguments, allowAll: Bool, default fallback: VersionSelector) throws
        -> VersionSelector
    {
        let which =
            allowAll
            ? try arguments.oneOf("--version", "--previous", "--all", required: false)
            : try arguments.oneOf("--version", "--previous", required: false)
        switch which {
        case "--version": return .number(try versionNumber(arguments.values["--version"] ?? ""))
        case "--previous": return .previous
        case "--all": return .all
        default: return fallback
        }
    }

    /// `--format` among `allowed`, defaulting to the first.
    static func format(_ arguments: ParsedArguments, _ allowed: [String]) throws(UsageError) -> String {
        guard let format = arguments.values["--format"] else { return allowed[0] }
        guard allowed.contains(format) else {
            throw UsageError("--format must be one of \(allowed.joined(separator: ", "))", command: arguments.command)
        }
        return format
    }

    /// Free text for `--owner` and `--note`: one line, printable, at most 512 bytes.
    static func text(_ value: String?, field: String) throws -> String? {
        guard let value else { return nil }
        guard value.utf8.count <= 512 else {
            throw InputError.badText(field: field, reason: "is longer than 512 bytes")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            throw InputError.badText(field: field, reason: "must be one line without control characters")
        }
        return value
    }

    /// `--expires DATE` or `--lifetime DUR` (exactly one), and `--created DATE`.
    static func expiry(_ arguments: ParsedArguments) throws -> ExpirySpec {
        let created = try arguments.values["--created"].map(date)
        switch try arguments.oneOf("--expires", "--lifetime", required: true) {
        case "--expires":
            return ExpirySpec(createdAt: created, expires: .date(try date(arguments.values["--expires"] ?? "")))
        default:
            return ExpirySpec(
                createdAt: created, expires: .lifetime(try lifetime(arguments.values["--lifetime"] ?? "")))
        }
    }
}

/// A new token's dates as given: an expiry date or a lifetime, counted from `--created`
/// (default now, which is known only when the command runs).
struct ExpirySpec: Equatable {
    enum Expiry: Equatable {
        case date(Timestamp)
        case lifetime(Lifetime)
    }

    var createdAt: Timestamp?
    var expires: Expiry

    /// The creation and expiry instants, given the clock.
    func resolve(now: Timestamp) -> (created: Timestamp, expires: Timestamp) {
        let created = createdAt ?? now
        switch expires {
        case .date(let date): return (created, date)
        case .lifetime(let lifetime): return (created, lifetime.after(created))
        }
    }
}
