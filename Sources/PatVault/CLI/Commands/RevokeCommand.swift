/// `patvault revoke`: records that versions were revoked in Azure DevOps.
struct RevokeCommand: Command {
    static let name = "revoke"
    static let summary = "record that versions were revoked in Azure DevOps; erase their tokens"
    static let help = """
        usage: patvault revoke NAME [--version N | --previous | --all] [--probe]

        Records the operator's attestation that a version was revoked (deleted) in Azure
        DevOps, marks it revoked and erases its sealed token. Needs no key.

          (no selector)   every version pending revocation
          --version N     that version (revoking the active one leaves none active)
          --previous      the version before the active one
          --all           every version not yet revoked
          --probe         ask Azure DevOps instead of attesting (not yet supported)
        """
    static let options: [ParsedArguments.Option] = [
        .init("--version"), .flag("--previous"), .flag("--all"), .flag("--probe"),
    ]

    let name: CredentialName
    let selector: VersionSelector

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        if arguments.has("--probe") {
            throw UsageError(
                "revoke --probe is not yet supported: revoke the PAT in Azure DevOps and attest it without --probe",
                command: Self.name)
        }
        selector = try Arguments.versionSelector(arguments, allowAll: true, default: .pendingRevocation)
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        let changed = try vault.revokeAttested(name: name.value, selector: selector, now: context.now)
        if changed.isEmpty {
            context.print("Nothing to do: the version\(selector == .all ? "s are" : " is") already revoked.")
        }
        for version in changed {
            context.print(
                "Revoked \(name) version \(version.version) (fingerprint \(version.fingerprint)); its token is erased.")
        }
        return .success
    }
}
