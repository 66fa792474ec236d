/// Failures of vault operations, each a sentence an operator can act on.
public enum VaultError: PatVaultError, Equatable {
    /// No key source was set and there is no terminal to ask on.
    case locked
    /// The key file or passphrase given opens none of the vault's key slots.
    case wrongKey(source: String)
    /// A key file that is not 32 bytes, or cannot be read.
    case badKeyFile(path: String, reason: String)
    /// A sealed token failed to open, or opened to another record's binding.
    case tampered(credential: String, version: Int)
    case credentialNotFound(String)
    case versionNotFound(credential: String, version: Int)
    case noActiveVersion(String)
    /// `--previous` on a credential that has only one version.
    case noPreviousVersion(String)
    /// The version was revoked and its sealed token erased.
    case tokenErased(credential: String, version: Int)
    case credentialExists(String)
    case keyFileExists(path: String)
    case keySlotNotFound(Int64)
    case lastKeySlot
    /// The two entries of a new passphrase differ.
    case passphraseMismatch
    case emptyPassphrase
    /// `revoke` without a selector, but no version is pending revocation.
    case nothingPendingRevocation(String)
    /// A command needs a secret, there is no terminal, and no source for it was set.
    case secretNotProvided(what: String, hint: String)

    public var exitCode: ExitCode {
        switch self {
        case .locked, .wrongKey, .badKeyFile: return .permissionDenied
        case .tampered, .lastKeySlot, .passphraseMismatch, .emptyPassphrase: return .dataError
        case .credentialNotFound, .versionNotFound, .noActiveVersion, .noPreviousVersion, .tokenErased,
            .keySlotNotFound, .nothingPendingRevocation:
            return .notFound
        case .credentialExists, .keyFileExists: return .alreadyExists
        case .secretNotProvided: return .permissionDenied
        }
    }

    public var description: String {
        switch self {
        case .locked:
            return
                "vault is locked: give --keyfile or PATVAULT_KEYFILE, or set PATVAULT_PASSPHRASE_FILE / PATVAULT_PASSPHRASE_COMMAND, or run on a terminal"
        case .wrongKey(let source):
            return "\(source) does not open this vault (wrong key or passphrase)"
        case .badKeyFile(let path, let reason):
            return "key file \(path) \(reason)"
        case .tampered(let credential, let version):
            return
                "version \(version) of '\(credential)' is tampered: its sealed token does not match its record; restore the vault from a backup"
        case .credentialNotFound(let name):
            return "no credential named '\(name)' (see 'patvault list')"
        case .versionNotFound(let credential, let version):
            return "'\(credential)' has no version \(version) (see 'patvault show \(credential)')"
        case .noActiveVersion(let name):
            return
                "'\(name)' has no active version: every version was revoked; add a token with 'patvault rotate \(name)'"
        case .noPreviousVersion(let name):
            return "'\(name)' has no previous version"
        case .tokenErased(let credential, let version):
            return "version \(version) of '\(credential)' was revoked and its token erased"
        case .credentialExists(let name):
            return "a credential named '\(name)' already exists: use 'patvault rotate \(name)' to replace its token"
        case .keyFileExists(let path):
            return "\(path) already exists; refusing to overwrite a key file"
        case .keySlotNotFound(let id):
            return "no key slot \(id) (see 'patvault key list')"
        case .lastKeySlot:
            return "refusing to remove the last key slot: the vault could never be opened again; add another first"
        case .passphraseMismatch:
            return "the passphrases do not match"
        case .emptyPassphrase:
            return "the passphrase is empty"
        case .nothingPendingRevocation(let name):
            return "'\(name)' has no version pending revocation: name one with --version N, --previous or --all"
        case .secretNotProvided(let what, let hint):
            return "no \(what) given and no terminal to ask on: \(hint)"
        }
    }
}
