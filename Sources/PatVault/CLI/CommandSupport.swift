/// What commands share at run time: opening and unlocking the vault, reading a token.
extension CommandContext {
    /// Opens the vault the options and environment name.
    func openVault(_ globals: GlobalOptions) throws -> Vault {
        let timeout = environment["PATVAULT_LOCK_TIMEOUT"].flatMap(Int32.init).map { max(0, min($0, 3600)) * 1000 }
        return try Vault.open(
            path: try vaultPath(globals), actor: self.actor, busyTimeoutMilliseconds: timeout ?? 10_000)
    }

    func unlock(_ vault: Vault, _ globals: GlobalOptions) throws -> VaultKey {
        try Unlocker(context: self, options: globals).unlock(vault)
    }

    /// The policies in force, loaded once per command.
    func policies(_ globals: GlobalOptions) throws -> PolicySet {
        if let cached = loadedPolicies { return cached }
        let set =
            try Locations.policies(flag: globals.policies, environment: environment).map(PolicySet.load) ?? .builtIn
        loadedPolicies = set
        return set
    }

    /// The policy in force for an org.
    func policy(forOrganization organization: String, _ globals: GlobalOptions) throws -> Policy {
        try policies(globals).policy(forOrganization: organization)
    }

    /// Reads a token from standard input (when it is not a terminal; one trailing newline
    /// dropped) or from a no-echo prompt, and checks its shape.
    func readToken(for name: String, allowAnyFormat: Bool) throws -> SecureBytes {
        let token: SecureBytes
        if standardInput.isTerminal {
            guard let typed = try terminal.readSecret(prompt: "Token for \(name): ") else {
                throw VaultError.secretNotProvided(what: "token", hint: "pipe it on standard input")
            }
            token = typed
        } else {
            token = try standardInput.readAll(limit: TokenShape.maximumBytes)
            if token.count > 0 && token[token.count - 1] == UInt8(ascii: "\n") {
                token.truncate(to: token.count - 1)
                if token.count > 0 && token[token.count - 1] == UInt8(ascii: "\r") {
                    token.truncate(to: token.count - 1)
                }
            }
        }
        try TokenShape.validate(token, allowAnyFormat: allowAnyFormat)
        return token
    }

    func say(_ line: String) { standardError.write(line + "\n") }
    func print(_ line: String) { standardOutput.write(line + "\n") }
}
