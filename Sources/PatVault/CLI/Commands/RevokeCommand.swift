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
          --probe         ask Azure DevOps instead of attesting: GET {org}/_apis/connectionData
                          with the token; rejected (401, sign-in page) is recorded as revoked
                          and the token erased; still valid or no answer changes nothing and
                          exits 75 (revocation can take up to an hour to take effect).
                          Needs the vault key.
        """
    static let options: [ParsedArguments.Option] = [
        .init("--version"), .flag("--previous"), .flag("--all"), .flag("--probe"),
    ]

    let name: CredentialName
    let selector: VersionSelector
    let probe: Bool

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        probe = arguments.has("--probe")
        selector = try Arguments.versionSelector(arguments, allowAll: true, default: .pendingRevocation)
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        if probe { return try runProbe(vault, context, globals) }
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

    /// `revoke --probe`: Azure DevOps, not the operator, says whether each token is dead.
    private func runProbe(_ vault: Vault, _ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let (credential, versions) = try vault.credential(named: name.value)
        let targets = try selector.select(from: versions, credential: name.value).filter { $0.state != .revoked }
        guard !targets.isEmpty else {
            context.print("Nothing to do: the version\(selector == .all ? "s are" : " is") already revoked.")
            return .success
        }
        let key = try context.unlock(vault, globals)
        let results = try vault.probe(
            targets.map { (credential, $0) }, key: key, environment: context.environment, now: context.now)
        var unconfirmed = 0
        for result in results {
            let version = "\(name) version \(result.version.version) (fingerprint \(result.version.fingerprint))"
            switch result.outcome {
            case .revoked:
                context.print("Revoked \(version): Azure DevOps rejected it (\(result.detail)); its token is erased.")
            case .stillValid:
                unconfirmed += 1
                context.print(
                    "Not revoked: \(version) still authenticates (\(result.detail)). Revoke it in Azure DevOps; it can take up to an hour to take effect."
                )
            case .inconclusive:
                unconfirmed += 1
                context.print("Unknown: \(version): \(result.detail); nothing changed.")
            }
        }
        guard unconfirmed == 0 else {
            throw ProbeError.notConfirmed(count: unconfirmed, of: results.count)
        }
        return .success
    }
}

/// A probe that did not confirm a revocation: still valid, or no clear answer.
enum ProbeError: PatVaultError {
    case notConfirmed(count: Int, of: Int)

    var exitCode: ExitCode { .temporaryFailure }

    var description: String {
        switch self {
        case .notConfirmed(let count, let total):
            return "\(count) of \(total) version\(total == 1 ? "" : "s") not confirmed revoked; probe again later"
        }
    }
}
