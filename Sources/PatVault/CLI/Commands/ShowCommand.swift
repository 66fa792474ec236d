/// `patvault show`: everything about one credential; needs no key.
struct ShowCommand: Command {
    static let name = "show"
    static let summary = "every version of a credential: state, scopes, dates, revocation checks"
    static let help = """
        usage: patvault show NAME [--format text|json]

        Every version of NAME with its state, scopes, fingerprint, dates and revocation
        checks. Needs no key; never prints a token.
        """
    static let options: [ParsedArguments.Option] = [.init("--format")]

    let name: CredentialName
    let format: String

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        format = try Arguments.format(arguments, ["text", "json"])
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        let (credential, versions, checks, deliveries) = try vault.store.read {
            let (credential, versions) = try vault.credential(named: name.value)
            return (
                credential, versions, try vault.revocationChecks(of: credential),
                try vault.store.deliveries(of: credential.id)
            )
        }
        let policy = try context.policy(forOrganization: credential.organization, globals)
        let now = context.now
        let status = CredentialStatus(credential: credential, versions: versions, policy: policy, now: now)
        if format == "json" {
            let items = versions.map { version -> JSONValue in
                .object([
                    ("version", .integer(Int64(version.version))), ("state", .string(version.displayState(at: now))),
                    ("fingerprint", .string(version.fingerprint)), ("scopes", JSONValue(version.scopes)),
                    ("created_at", JSONValue(version.createdAt)), ("expires_at", JSONValue(version.expiresAt)),
                    ("days_left", .integer(now.wholeDays(until: version.expiresAt))),
                    ("added_at", JSONValue(version.addedAt)), ("replaced_at", JSONValue(version.replacedAt)),
                    ("revoked_at", JSONValue(version.revokedAt)), ("token_stored", .bool(version.sealed != nil)),
                    ("revocation_checks", .array(checks.filter { $0.version == version.version }.map(Self.json))),
                    ("deliveries", .array(deliveries.filter { $0.key.version == version.version }.map(Self.json))),
                ])
            }
            context.print(
                JSONValue.object([
                    ("name", .string(credential.name)), ("org", .string(credential.organization)),
                    ("org_url", .string(credential.orgURL)), ("owner", JSONValue(credential.owner)),
                    ("note", JSONValue(credential.note)), ("policy", .string(policy.name)),
                    ("added_at", JSONValue(credential.addedAt)), ("status", .string(status.status)),
                    ("findings", .array(status.findings.map(\.json))), ("versions", .array(items)),
                ]).pretty)
            return .success
        }
        var out = "\(credential.name)\n"
        out += "  org:      \(credential.orgURL)\n"
        if let owner = credential.owner { out += "  owner:    \(owner)\n" }
        if let note = credential.note { out += "  note:     \(note)\n" }
        out += "  policy:   \(policy.name)\n"
        out += "  status:   \(status.status)\n"
        for finding in status.findings {
            out += "  \(finding.severity): \(finding.kind.rawValue): \(finding.summary)\n"
        }
        for version in versions.reversed() {
            out += "\nversion \(version.version): \(version.displayState(at: now))\n"
            out += "  fingerprint: \(version.fingerprint)\(version.sealed == nil ? " (token erased)" : "")\n"
            out += "  scopes:      \(version.scopes.joined(separator: ","))\n"
            out += "  created:     \(version.createdAt.iso8601)\n"
            out += "  expires:     \(version.expiresAt.iso8601)\(Self.lifeLeft(version, now: now))\n"
            if let replaced = version.replacedAt { out += "  replaced:    \(replaced.iso8601)\n" }
            if let revoked = version.revokedAt { out += "  revoked:     \(revoked.iso8601)\n" }
            for check in checks where check.version == version.version {
                let status = check.httpStatus.map { " HTTP \($0)" } ?? ""
                out +=
                    "  check:       \(check.at.iso8601) \(check.method.rawValue) \(check.outcome.rawValue)\(status): \(check.detail)\n"
            }
            for delivery in deliveries where delivery.key.version == version.version {
                let threshold = delivery.key.threshold >= 0 ? " (\(delivery.key.threshold) days)" : ""
                let when = (delivery.deliveredAt ?? delivery.lastAttemptAt).iso8601
                let error = delivery.lastError.map { ": \($0)" } ?? ""
                out +=
                    "  notified:    \(when) \(delivery.key.event)\(threshold) to \(delivery.key.hook): \(delivery.state.rawValue)"
                    + " after \(delivery.attempts) attempt\(delivery.attempts == 1 ? "" : "s")\(error)\n"
            }
        }
        context.standardOutput.write(out)
        return .success
    }

    /// How long a version has left, for a person: nothing for a revoked one, whose expiry no
    /// longer matters.
    static func lifeLeft(_ version: CredentialVersion, now: Timestamp) -> String {
        if version.state == .revoked { return "" }
        if version.expiresAt <= now { return " (expired)" }
        let days = now.wholeDays(until: version.expiresAt)
        return " (\(days) day\(days == 1 ? "" : "s") left)"
    }

    static func json(_ delivery: Delivery) -> JSONValue {
        .object([
            ("event", .string(delivery.key.event)),
            ("threshold", delivery.key.threshold >= 0 ? JSONValue(delivery.key.threshold) : .null),
            ("hook", .string(delivery.key.hook)), ("state", .string(delivery.state.rawValue)),
            ("attempts", JSONValue(delivery.attempts)), ("first_attempt_at", JSONValue(delivery.firstAttemptAt)),
            ("last_attempt_at", JSONValue(delivery.lastAttemptAt)), ("delivered_at", JSONValue(delivery.deliveredAt)),
            ("last_error", JSONValue(delivery.lastError)),
        ])
    }

    static func json(_ check: RevocationCheck) -> JSONValue {
        .object([
            ("at", JSONValue(check.at)), ("method", .string(check.method.rawValue)),
            ("outcome", .string(check.outcome.rawValue)), ("endpoint", JSONValue(check.endpoint)),
            ("http_status", JSONValue(check.httpStatus)), ("detail", .string(check.detail)),
        ])
    }
}
