/// `patvault list`: one row per credential; needs no key.
struct ListCommand: Command {
    static let name = "list"
    static let summary = "one row per credential: version, state, expiry, days left, status"
    static let help = """
        usage: patvault list [--format table|json]

        One row per credential: name, org, active version, state, expires, days left,
        policy, status. Needs no key. JSON output is an array of objects with the same
        fields (dates in ISO 8601 UTC).
        """
    static let options: [ParsedArguments.Option] = [.init("--format")]

    let format: String

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["table", "json"])
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        let rows = try vault.store.read {
            try vault.store.credentials().map { credential in
                CredentialSummary(
                    credential: credential, versions: try vault.store.versions(of: credential.id),
                    policy: try context.policy(forOrganization: credential.organization, globals),
                    now: context.now)
            }
        }
        if format == "json" {
            context.print(JSONValue.array(rows.map(\.json)).pretty)
        } else {
            var table = Table(["NAME", "ORG", "VERSION", "STATE", "EXPIRES", "DAYS", "POLICY", "STATUS"])
            for row in rows {
                table.append([
                    row.credential.name, row.credential.organization, row.active.map { String($0.version) } ?? "-",
                    row.state, row.active?.expiresAt.dateString ?? "-", row.daysLeft.map(String.init) ?? "-",
                    row.policy.name, row.status,
                ])
            }
            context.standardOutput.write(table.rendered)
        }
        return .success
    }
}

/// A credential as `list` shows it: its active version and how it stands today.
struct CredentialSummary {
    let credential: Credential
    let active: CredentialVersion?
    let state: String
    let daysLeft: Int64?
    let policy: Policy
    let status: String

    init(credential: Credential, versions: [CredentialVersion], policy: Policy, now: Timestamp) {
        self.credential = credential
        self.policy = policy
        active = versions.last(where: { $0.state == .active })
        state = active?.displayState(at: now) ?? "none-active"
        daysLeft = active.map { now.wholeDays(until: $0.expiresAt) }
        if let active, active.expiresAt <= now {
            status = "expired"
        } else if active == nil {
            status = "no-active-version"
        } else if versions.contains(where: { $0.state == .pendingRevocation }) {
            status = "pending-revocation"
        } else {
            status = "ok"
        }
    }

    var json: JSONValue {
        .object([
            ("name", .string(credential.name)), ("org", .string(credential.organization)),
            ("org_url", .string(credential.orgURL)), ("version", JSONValue(active?.version)),
            ("state", .string(state)), ("expires_at", JSONValue(active?.expiresAt)), ("days_left", JSONValue(daysLeft)),
            ("policy", .string(policy.name)), ("status", .string(status)),
            ("owner", JSONValue(credential.owner)),
        ])
    }
}
