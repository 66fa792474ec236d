/// `patvault backup FILE`: a consistent copy of the vault, taken while others use it.
struct BackupCommand: Command {
    static let name = "backup"
    static let summary = "copy the vault consistently into a new file (0600), online"
    static let help = """
        usage: patvault backup FILE

        Copies the whole vault into FILE with SQLite's online backup API: a consistent
        snapshot even while cron runs check or someone rotates. FILE is created 0600 and never
        overwritten (exit 73). Needs no key: the tokens stay sealed, and the copy opens with
        the same key file or passphrase as the vault.

        Restore: stop anything that uses the vault, then
            install -m 600 FILE ~/.local/share/patvault/vault.db
        (or wherever --vault / PATVAULT_VAULT points), and check it with
            patvault audit --verify && patvault list
        """
    static let options: [ParsedArguments.Option] = []

    let file: String

    init(_ arguments: ParsedArguments) throws {
        file = try arguments.positionals("FILE")[0]
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        try vault.backup(to: file, now: context.now)
        context.print("Backed up \(vault.path) to \(file).")
        return .success
    }
}
