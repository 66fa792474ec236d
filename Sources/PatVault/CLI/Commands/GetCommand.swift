/// `patvault get`: prints a token, and records the reveal.
struct GetCommand: Command {
    static let name = "get"
    static let summary = "print a token on standard output (recorded as a reveal)"
    static let help = """
        usage: patvault get NAME [--version N | --previous] [--reveal]

        Prints the active token (or version N, or the one before the active one) and a
        newline on standard output. Every reveal is recorded in the audit log. Unlocking as
        described in 'patvault help' (key file, passphrase variables, systemd credential,
        terminal).

        To a pipe or a file the token is written as it is. To a terminal it is refused unless
        --reveal is given: a token on screen stays in the scrollback, in screen recordings and
        over a shoulder. Copy it with a pipe instead (patvault get NAME | xclip).

        example: curl -u ":$(patvault get sonar)" https://dev.azure.com/contoso/_apis/projects
        """
    static let options: [ParsedArguments.Option] = [.init("--version"), .flag("--previous"), .flag("--reveal")]

    let name: CredentialName
    let selector: VersionSelector
    let reveal: Bool

    init(_ arguments: ParsedArguments) throws {
        name = try Arguments.name(try arguments.positionals("NAME")[0])
        selector = try Arguments.versionSelector(arguments, allowAll: false, default: .active)
        reveal = arguments.has("--reveal")
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        if context.standardOutput.isTerminal && !reveal {
            throw UsageError(
                "refusing to print a token on a terminal, where it would stay in the scrollback: pipe it, or pass --reveal",
                command: Self.name)
        }
        let vault = try context.openVault(globals)
        _ = try vault.credential(named: name.value)
        let key = try context.unlock(vault, globals)
        let token = try vault.reveal(name: name.value, selector: selector, key: key, now: context.now)
        context.standardOutput.writeSecret(token)
        context.standardOutput.write("\n")
        return .success
    }
}
