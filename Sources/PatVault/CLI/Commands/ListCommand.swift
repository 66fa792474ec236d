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
        let policies = try context.policies(globals)
        var rows: [CredentialStatus] = []
        try vault.store.read {
            try vault.store.forEachTrackedCredential { credential, versions in
                rows.append(
                    CredentialStatus(
                        credential: credential, versions: versions,
                        policy: policies.policy(forOrganization: credential.organization), now: context.now))
            }
        }
        if format == "json" {
            var out = Array("[".utf8)
            for (index, row) in rows.enumerated() {
                out += (index == 0 ? "\n  " : ",\n  ").utf8
                row.writeJSON(into: &out)
            }
            out += (rows.isEmpty ? "]\n" : "\n]\n").utf8
            context.standardOutput.write(out)
        } else {
            var table = Table(["NAME", "ORG", "VERSION", "STATE", "EXPIRES", "DAYS", "POLICY", "STATUS"])
            for row in rows {
                table.append([
                    row.credential.name, row.credential.organization, row.active.map { String($0.version) } ?? "-",
                    row.state, row.active?.expiresAt.dateString ?? "-", row.daysLeft.map(String.init) ?? "-",
                    row.policy, row.status,
                ])
            }
            context.standardOutput.write(table.rendered)
        }
        return .success
    }
}
