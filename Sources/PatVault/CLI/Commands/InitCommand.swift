/// `patvault init`: creates the vault with its first key slot.
struct InitCommand: Command {
    static let name = "init"
    static let summary = "create the vault, unlocked by a passphrase or a new key file"
    static let help = """
        usage: patvault init [--new-keyfile PATH] [--kdf interactive|moderate|sensitive]

        Creates the vault (0600, in a 0700 folder). With --new-keyfile, writes a fresh random
        32-byte key file (0600; never overwrites) and unlocks the vault with it; otherwise the
        vault gets a passphrase, taken from PATVAULT_PASSPHRASE, PATVAULT_PASSPHRASE_FILE or
        PATVAULT_PASSPHRASE_COMMAND, or asked twice on the terminal.

          --new-keyfile PATH  unlock with a new key file instead of a passphrase
          --kdf LEVEL         Argon2id cost of the passphrase: interactive (64 MiB),
                              moderate (256 MiB, the default) or sensitive (1 GiB)

        Refuses to overwrite an existing vault or key file (exit 73).
        """
    static let options: [ParsedArguments.Option] = [.init("--new-keyfile"), .init("--kdf")]

    let newKeyFile: String?
    let level: PasswordHash.Level

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        newKeyFile = arguments.values["--new-keyfile"]
        if let kdf = arguments.values["--kdf"] {
            guard let level = PasswordHash.Level(rawValue: kdf) else {
                throw UsageError("--kdf must be interactive, moderate or sensitive", command: Self.name)
            }
            guard newKeyFile == nil else {
                throw UsageError("--kdf applies to passphrases, not to --new-keyfile", command: Self.name)
            }
            self.level = level
        } else {
            level = .moderate
        }
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let path = try context.vaultPath(globals)
        let slot: Vault.NewKeySlot
        if let newKeyFile {
            slot = .newKeyFile(path: newKeyFile)
        } else {
            if KeyFile.exists(path) { throw StoreError.vaultExists(path: path) }
            let unlocker = Unlocker(context: context, options: globals)
            slot = .passphrase(
                try unlocker.newPassphrase(variable: nil, fallback: unlocker.passphraseFromEnvironment), level)
        }
        try Vault.create(path: path, slot: slot, now: context.now, actor: context.actor)
        if let newKeyFile {
            context.print(
                "Created vault \(path), unlocked by key file \(newKeyFile). Keep a copy of the key file safe: without it the tokens cannot be opened."
            )
        } else {
            context.print("Created vault \(path), unlocked by a passphrase (Argon2id, \(level.rawValue)).")
        }
        return .success
    }
}
