/// `patvault add`: seals a new credential's first token.
struct AddCommand: Command {
    static let name = "add"
    static let summary = "seal a new PAT (read from standard input or a no-echo prompt)"
    static let help = """
        usage: patvault add NAME --org URL (--expires DATE | --lifetime DUR) [--scopes LIST]
                            [--created DATE] [--owner TEXT] [--note TEXT] [--any-format]

        Seals a new PAT under NAME. The token is read from standard input when it is not a
        terminal (one trailing newline dropped), otherwise prompted for with echo off. It is
        never taken from an argument.

          --org URL         https://dev.azure.com/ORG or https://ORG.visualstudio.com
          --expires DATE    the expiry Azure DevOps shows, e.g. 2027-06-30 (00:00 UTC) or
                            2027-06-30T09:00:00Z
          --lifetime DUR    or the lifetime from --created: 90d, 12w, 6m, 1y
          --scopes LIST     comma-separated scopes (default: the read-only set
                            vso.code,vso.work,vso.build,vso.test,vso.wiki,vso.project)
          --created DATE    when the PAT was created in Azure DevOps (default: now)
          --owner TEXT      who answers for it (a person, team or mail address)
          --note TEXT       what it is for
          --any-format      accept a token that is not a 52- or 84-character PAT

        Refused with exit 65, storing nothing: a lifetime over one year or over the policy's
        max_lifetime, an expiry in the past, forbidden scopes, an empty or malformed token.
        A name already in use is exit 73 (use 'patvault rotate').

        example: pbpaste | patvault add sonar --org https://dev.azure.com/contoso --lifetime 90d
        """
    static let options: [ParsedArguments.Option] = [
        .init("--org"), .init("--expires"), .init("--lifetime"), .init("--scopes"), .init("--created"),
        .init("--owner"), .init("--note"), .flag("--any-format"),
    ]

    let name: CredentialName
    let org: OrgURL
    let expiry: ExpirySpec
    let scopes: [String]
    let owner: String?
    let note: String?
    let allowAnyFormat: Bool

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        guard let org = arguments.values["--org"] else { throw UsageError("--org URL is required", command: Self.name) }
        self.org = try OrgURL(org)
        scopes = try arguments.values["--scopes"].map(Scope.parseList) ?? Scope.readOnly
        owner = try Arguments.text(arguments.values["--owner"], field: "owner")
        note = try Arguments.text(arguments.values["--note"], field: "note")
        allowAnyFormat = arguments.has("--any-format")
        expiry = try Arguments.expiry(arguments)
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let (created, expires) = expiry.resolve(now: context.now)
        let policy = try context.policy(forOrganization: org.organization, globals)
        let admission = try policy.admit(createdAt: created, expiresAt: expires, scopes: scopes, now: context.now)

        let vault = try context.openVault(globals)
        try vault.ensureAbsent(name)
        let token = try context.readToken(for: name.value, allowAnyFormat: allowAnyFormat)
        let key = try context.unlock(vault, globals)
        let version = try vault.add(
            .init(name: name, org: org, owner: owner, note: note), admission: admission, token: token, key: key,
            now: context.now)
        context.print(
            "Added \(name) version 1 (fingerprint \(version.fingerprint)), expires \(version.expiresAt.iso8601).")
        return .success
    }
}
