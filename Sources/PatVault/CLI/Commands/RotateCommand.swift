/// `patvault rotate`: seals a replacement token as the new active version.
struct RotateCommand: Command {
    static let name = "rotate"
    static let summary = "seal a replacement PAT; the old one becomes pending-revocation"
    static let help = """
        usage: patvault rotate NAME (--expires DATE | --lifetime DUR) [--scopes LIST]
                               [--created DATE] [--any-format]

        Seals the replacement token (read like 'add') as version N+1, the new active version,
        and moves version N to pending-revocation, in one transaction. Then delete the old
        PAT in Azure DevOps and record it with 'patvault revoke NAME'.

          --expires DATE / --lifetime DUR   the new token's expiry, as for 'add'
          --scopes LIST     the new token's scopes (default: those of the active version)
          --created DATE    when the new PAT was created (default: now)
          --any-format      accept a token that is not a 52- or 84-character PAT

        A new token equal to the active one is refused (exit 65).
        """
    static let options: [ParsedArguments.Option] = [
        .init("--expires"), .init("--lifetime"), .init("--scopes"), .init("--created"), .flag("--any-format"),
    ]

    let name: CredentialName
    let expiry: ExpirySpec
    let scopes: [String]?
    let allowAnyFormat: Bool

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        scopes = try arguments.values["--scopes"].map(Scope.parseList)
        allowAnyFormat = arguments.has("--any-format")
        expiry = try Arguments.expiry(arguments)
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        let (credential, versions) = try vault.credential(named: name.value)
        let (created, expires) = expiry.resolve(now: context.now)
        let currentScopes =
            versions.last(where: { $0.state == .active })?.scopes ?? versions.last?.scopes ?? Scope.readOnly
        let policy = try context.policy(forOrganization: credential.organization, globals)
        let admission = try policy.admit(
            createdAt: created, expiresAt: expires, scopes: scopes ?? currentScopes, now: context.now)

        let token = try context.readToken(for: name.value, allowAnyFormat: allowAnyFormat)
        let key = try context.unlock(vault, globals)
        let (version, replaced) = try vault.rotate(
            name: name.value, admission: admission, token: token, key: key, now: context.now)
        context.print(
            "Rotated \(name) to version \(version.version) (fingerprint \(version.fingerprint)), expires \(version.expiresAt.iso8601)."
        )
        if let replaced {
            context.print("Revoke version \(replaced.version) in Azure DevOps, then run 'patvault revoke \(name)'.")
        }
        return .success
    }
}
