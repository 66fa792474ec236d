/// `patvault key list`: the key slots, without unlocking.
struct KeyListCommand: Command {
    static let name = "key list"
    static let summary = "list the key slots that unlock the vault"
    static let help = """
        usage: patvault key list [--format table|json]

        One row per key slot: id, kind (passphrase or keyfile), Argon2id level, created.
        Needs no key.
        """
    static let options: [ParsedArguments.Option] = [.init("--format")]

    let format: String

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["table", "json"])
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let slots = try context.openVault(globals).keySlots()
        if format == "json" {
            let items = slots.map { slot -> JSONValue in
                .object([
                    ("id", .integer(slot.id)), ("kind", .string(slot.kind.rawValue)),
                    ("kdf", JSONValue(slot.kdfLevel)), ("created_at", JSONValue(slot.createdAt)),
                ])
            }
            context.print(JSONValue.array(items).pretty)
        } else {
            var table = Table(["ID", "KIND", "KDF", "CREATED"])
            for slot in slots {
                table.append([String(slot.id), slot.kind.rawValue, slot.kdfLevel ?? "-", slot.createdAt.iso8601])
            }
            context.standardOutput.write(table.rendered)
        }
        return .success
    }
}

/// `patvault key add`: another way to unlock the same vault key.
struct KeyAddCommand: Command {
    static let name = "key add"
    static let summary = "add a key slot: a new key file or another passphrase"
    static let help = """
        usage: patvault key add (--new-keyfile PATH | --passphrase) [--kdf LEVEL]

        Adds a key slot for the vault key, as LUKS and restic do: e.g. a passphrase for people
        and a key file for cron. The vault is unlocked as usual first (--keyfile,
        PATVAULT_PASSPHRASE*, the systemd credential, or the terminal).

          --new-keyfile PATH  write a fresh random key file (0600; never overwrites)
          --passphrase        a new passphrase, from PATVAULT_NEW_PASSPHRASE or asked twice
          --kdf LEVEL         Argon2id cost of the new passphrase (default moderate)
        """
    static let options: [ParsedArguments.Option] = [.init("--new-keyfile"), .flag("--passphrase"), .init("--kdf")]

    let newKeyFile: String?
    let level: PasswordHash.Level

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        _ = try arguments.oneOf("--new-keyfile", "--passphrase", required: true)
        newKeyFile = arguments.values["--new-keyfile"]
        if let kdf = arguments.values["--kdf"] {
            guard let level = PasswordHash.Level(rawValue: kdf), newKeyFile == nil else {
                throw UsageError(
                    "--kdf takes interactive, moderate or sensitive, with --passphrase", command: Self.name)
            }
            self.level = level
        } else {
            level = .moderate
        }
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        if let newKeyFile, KeyFile.exists(newKeyFile) { throw VaultError.keyFileExists(path: newKeyFile) }
        let key = try context.unlock(vault, globals)
        let slot: Vault.NewKeySlot
        if let newKeyFile {
            slot = .newKeyFile(path: newKeyFile)
        } else {
            slot = .passphrase(
                try Unlocker(context: context, options: globals).newPassphrase(variable: "PATVAULT_NEW_PASSPHRASE"),
                level)
        }
        let added = try vault.addKeySlot(slot, key: key, now: context.now)
        context.print("Added key slot \(added.id) (\(added.kind.rawValue)\(newKeyFile.map { ": " + $0 } ?? "")).")
        return .success
    }
}

/// `patvault key remove ID`.
struct KeyRemoveCommand: Command {
    static let name = "key remove"
    static let summary = "remove a key slot (never the last one)"
    static let help = """
        usage: patvault key remove ID

        Removes key slot ID (see 'patvault key list'). The vault must be unlocked, by any slot.
        Removing the last slot is refused: the vault could never be opened again.
        """
    static let options: [ParsedArguments.Option] = []

    let id: Int64

    init(_ arguments: ParsedArguments) throws {
        let text = try arguments.positionals("ID")[0]
        guard let id = Int64(text), id > 0 else {
            throw UsageError("'\(text.prefix(32))' is not a key slot id", command: Self.name)
        }
        self.id = id
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let vault = try context.openVault(globals)
        let slots = try vault.keySlots()
        guard slots.contains(where: { $0.id == id }) else { throw VaultError.keySlotNotFound(id) }
        guard slots.count > 1 else { throw VaultError.lastKeySlot }
        let key = try context.unlock(vault, globals)
        try vault.removeKeySlot(id: id, key: key, now: context.now)
        context.print("Removed key slot \(id).")
        return .success
    }
}
