#if canImport(Glibc)
    import Glibc
#endif

/// Finds the vault key's source in the contract's order and unlocks with it:
///
/// 1. `--keyfile` or `PATVAULT_KEYFILE`;
/// 2. `PATVAULT_PASSPHRASE`, `PATVAULT_PASSPHRASE_FILE`, `PATVAULT_PASSPHRASE_COMMAND`;
/// 3. `$CREDENTIALS_DIRECTORY/patvault.key` (systemd `LoadCredential=`), a key file;
/// 4. a no-echo prompt on the controlling terminal;
/// 5. otherwise "vault is locked" (exit 77).
///
/// The first source that is set is the one used: a wrong key file does not fall through to
/// a passphrase.
struct Unlocker {
    let context: CommandContext
    let options: GlobalOptions

    func unlock(_ vault: Vault) throws -> VaultKey {
        let environment = context.environment
        if let path = options.keyFile ?? nonEmpty(environment["PATVAULT_KEYFILE"]) {
            return try vault.unlock(keyFile: try KeyFile.read(path: path), source: "key file \(path)")
        }
        if let (passphrase, source) = try passphraseFromEnvironment() {
            return try vault.unlock(passphrase: passphrase, source: source)
        }
        if let directory = nonEmpty(environment["CREDENTIALS_DIRECTORY"]) {
            let path = Path.join(directory, "patvault.key")
            if KeyFile.exists(path) {
                return try vault.unlock(keyFile: try KeyFile.read(path: path), source: "credential \(path)")
            }
        }
        if context.terminal.isAvailable,
            let passphrase = try context.terminal.readSecret(prompt: "Passphrase for \(vault.path): ")
        {
            return try vault.unlock(passphrase: passphrase, source: "the passphrase typed")
        }
        throw VaultError.locked
    }

    /// Step 2 of the order, which `init` also uses for the first passphrase.
    func passphraseFromEnvironment() throws -> (SecureBytes, String)? {
        let environment = context.environment
        if let text = environment["PATVAULT_PASSPHRASE"] {
            return (try Self.secret(text), "PATVAULT_PASSPHRASE")
        }
        if let path = nonEmpty(environment["PATVAULT_PASSPHRASE_FILE"]) {
            return (try Self.firstLine(try readFile(path)), "the passphrase in \(path)")
        }
        if let command = nonEmpty(environment["PATVAULT_PASSPHRASE_COMMAND"]) {
            return (
                try Self.firstLine(try runPassphraseCommand(command)), "the passphrase from PATVAULT_PASSPHRASE_COMMAND"
            )
        }
        return nil
    }

    /// A passphrase being set: from `variable` if set, else asked twice on the terminal.
    func newPassphrase(variable: String?, fallback: (() throws -> (SecureBytes, String)?)? = nil) throws -> SecureBytes
    {
        if let variable, let text = context.environment[variable] {
            return try Self.nonEmptyPassphrase(try Self.secret(text))
        }
        if let fallback, let (passphrase, _) = try fallback() {
            return try Self.nonEmptyPassphrase(passphrase)
        }
        guard context.terminal.isAvailable,
            let first = try context.terminal.readSecret(prompt: "New passphrase: "),
            let second = try context.terminal.readSecret(prompt: "Repeat the passphrase: ")
        else {
            throw VaultError.secretNotProvided(
                what: "passphrase",
                hint: "set \(variable ?? "PATVAULT_PASSPHRASE_FILE") or run on a terminal")
        }
        guard first.constantTimeEquals(second) else { throw VaultError.passphraseMismatch }
        return try Self.nonEmptyPassphrase(first)
    }

    private static func nonEmptyPassphrase(_ passphrase: SecureBytes) throws -> SecureBytes {
        guard !passphrase.isEmpty else { throw VaultError.emptyPassphrase }
        return passphrase
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    static func secret(_ text: String) throws -> SecureBytes {
        var bytes = Array(text.utf8)
        return try SecureBytes(consuming: &bytes)
    }

    /// The bytes up to the first newline, as restic and borg read a passphrase file.
    static func firstLine(_ bytes: SecureBytes) throws -> SecureBytes {
        var length = 0
        while length < bytes.count && bytes[length] != UInt8(ascii: "\n") { length += 1 }
        if length > 0 && bytes[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        bytes.truncate(to: length)
        return bytes
    }

    private func readFile(_ path: String) throws -> SecureBytes {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw StoreError.io(path: path, operation: "read the passphrase file", errno: errno)
        }
        defer { close(descriptor) }
        return try SecureBytes.read(from: descriptor, atMost: 64 * 1024)
    }

    /// Runs the passphrase command through `/bin/sh -c` and reads its standard output.
    private func runPassphraseCommand(_ command: String) throws -> SecureBytes {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw StoreError.io(path: "PATVAULT_PASSPHRASE_COMMAND", operation: "run", errno: errno)
        }
        // The read end must not leak into the child, or its EOF would never come.
        _ = fcntl(pipeEnds[0], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let arguments = ["/bin/sh", "-c", command]
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        let environment = context.environment.filter { $0.key != "PATVAULT_PASSPHRASE_COMMAND" }
            .map { "\($0.key)=\($0.value)" }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for variable in envp { free(variable) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        close(pipeEnds[1])
        guard status == 0 else {
            close(pipeEnds[0])
            throw StoreError.io(path: "PATVAULT_PASSPHRASE_COMMAND", operation: "run", errno: status)
        }
        let output = try SecureBytes.read(from: pipeEnds[0], atMost: 64 * 1024)
        close(pipeEnds[0])
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        guard exitStatus == 0 else {
            throw VaultError.secretNotProvided(
                what: "passphrase", hint: "PATVAULT_PASSPHRASE_COMMAND failed (status \(exitStatus))")
        }
        return output
    }
}
