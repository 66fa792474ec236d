/// `patvault audit`: the append-only audit log, and the check of its hash chain.
struct AuditCommand: Command {
    static let name = "audit"
    static let summary = "print the audit log; --verify checks its hash chain"
    static let help = """
        usage: patvault audit [--format text|json] [--verify]

        Prints the append-only audit log: one entry per change, reveal and check, each
        chained to the one before by a BLAKE2b hash. Needs no key.

          --verify   check the chain; exit 0 if intact, else name the first broken entry
                     (exit 65)
        """
    static let options: [ParsedArguments.Option] = [.init("--format"), .flag("--verify")]

    let format: String
    let verify: Bool

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["text", "json"])
        verify = arguments.has("--verify")
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let entries = try context.openVault(globals).store.auditEntries()
        if verify {
            let result = try AuditVerifier.verify(entries)
            if let broken = result.firstBroken {
                throw AuditError.chainBroken(sequence: broken.sequence, reason: broken.reason, intact: result.checked)
            }
            if format == "json" {
                context.print(
                    JSONValue.object([
                        ("ok", true), ("entries", .integer(Int64(entries.count))),
                        ("head", JSONValue(entries.last.map { Sodium.hex($0.hash) })),
                    ]).pretty)
            } else {
                context.print(
                    "audit log intact: \(entries.count) entries, head \(entries.last.map { Sodium.hex($0.hash) } ?? "-")"
                )
            }
            return .success
        }
        if format == "json" {
            let items = entries.map { entry -> JSONValue in
                .object([
                    ("seq", .integer(entry.sequence)), ("at", JSONValue(entry.at)), ("actor", .string(entry.actor)),
                    ("action", .string(entry.action)), ("credential", JSONValue(entry.credential)),
                    ("version", JSONValue(entry.version)), ("detail", .string(entry.detail)),
                    ("hash", .string(Sodium.hex(entry.hash))),
                ])
            }
            context.print(JSONValue.array(items).pretty)
        } else {
            for entry in entries {
                let subject = entry.credential.map { " \($0)" + (entry.version.map { " v\($0)" } ?? "") } ?? ""
                context.print(
                    "\(entry.sequence)  \(entry.at.iso8601)  \(entry.actor)  \(entry.action)\(subject)  \(entry.detail)"
                )
            }
        }
        return .success
    }
}

/// The audit log's chain does not verify.
enum AuditError: PatVaultError {
    case chainBroken(sequence: Int64, reason: String, intact: Int)

    var exitCode: ExitCode { .dataError }

    var description: String {
        switch self {
        case .chainBroken(let sequence, let reason, let intact):
            return "audit log broken at entry \(sequence): \(reason) (\(intact) entries before it verify)"
        }
    }
}
