/// One way to unlock the vault: the vault key sealed under a key derived from a passphrase
/// (Argon2id) or taken from a key file.
public struct KeySlot: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case passphrase
        case keyfile
    }

    public var id: Int64
    public var kind: Kind
    public var createdAt: Timestamp
    /// Argon2id parameters and salt; nil for key-file slots.
    public var kdf: KDFParameters?
    /// The vault key sealed with `crypto_secretbox_easy` under the slot key.
    public var wrappedKey: SecretBox.Sealed

    public struct KDFParameters: Equatable, Sendable {
        public var limits: PasswordHash.Limits
        public var salt: [UInt8]
    }

    /// The cost level name for display, when the limits match one of libsodium's presets.
    public var kdfLevel: String? {
        guard let kdf else { return nil }
        return PasswordHash.Level.allCases.first { $0.limits == kdf.limits }?.rawValue ?? "custom"
    }
}
