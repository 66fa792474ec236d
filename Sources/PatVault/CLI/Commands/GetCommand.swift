/// `patvault get`: prints a token, and records the reveal.
struct GetCommand: Command {
    static let name = "get"
    static let summary = "print a token on standard output (recorded as a reveal)"
    static let help = """
        usage: patvault get NAME [--version N | --previous]

        Prints the active token (or version N, or the one before the active one) and a
        newline on standard output. Every reveal is recorded in the audit log. Unlocking as
        described in 'patvault help' (key file, passphrase variables, systemd credential,
        terminal).

        example: curl -u ":$(patvault get sonar)" https://dev.azure.com/contoso/_apis/projects
        """
    static let options: [ParsedArguments.Option] = [.init("--version"), .flag("--previous")]

    let name: CredentialName
    let selector: VersionSelector

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        selector = try Arguments.versionSelector(arguments, allowAll: false, default: .active)
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        _ = try vault.credential(named: name.value)
        let key = try context.unlock(vault, globals)
        let token = try vault.reveal(name: name.value, selector: selector, key: key, now: context.now)
        context.standardOutput.writeSecret(token)
        context.standardOutput.write("\n")
        return .success
    }
}
