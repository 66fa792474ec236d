import CSodium

/// Argon2id (`crypto_pwhash`), which turns a passphrase into a key-slot key.
public enum PasswordHash {
    public static var saltBytes: Int { crypto_pwhash_saltbytes() }
    public static var argon2id13: Int32 { crypto_pwhash_alg_argon2id13() }

    /// The cost levels `init --kdf` offers; libsodium's own presets.
    public enum Level: String, CaseIterable, Sendable {
        case interactive, moderate, sensitive

        public var limits: Limits {
            switch self {
            case .interactive:
                return Limits(
                    opsLimit: UInt64(crypto_pwhash_opslimit_interactive()),
                    memLimit: UInt64(crypto_pwhash_memlimit_interactive()))
            case .moderate:
                return Limits(
                    opsLimit: UInt64(crypto_pwhash_opslimit_moderate()),
                    memLimit: UInt64(crypto_pwhash_memlimit_moderate()))
            case .sensitive:
                return Limits(
                    opsLimit: UInt64(crypto_pwhash_opslimit_sensitive()),
                    memLimit: UInt64(crypto_pwhash_memlimit_sensitive()))
            }
        }
    }

    /// The cost of one derivation, stored with each passphrase slot.
    public struct Limits: Equatable, Sendable {
        public var opsLimit: UInt64
        public var memLimit: UInt64
    }

    /// Derives a `count`-byte key from `passphrase` and `salt` with Argon2id v1.3.
    public static func deriveKey(
        count: Int, passphrase: SecureBytes, salt: [UInt8], limits: Limits
    ) throws(CryptoError) -> SecureBytes {
        try Sodium.ensureReady()
        try SecretBox.checkLength("Argon2id salt", salt.count, saltBytes)
        // Refuse limits outside libsodium's bounds before asking it (a hostile vault file
        // could otherwise ask for terabytes of memory).
        guard limits.opsLimit >= UInt64(crypto_pwhash_opslimit_min()),
            limits.opsLimit <= UInt64(crypto_pwhash_opslimit_sensitive()) * 4,
            limits.memLimit >= UInt64(crypto_pwhash_memlimit_min()),
            limits.memLimit <= UInt64(crypto_pwhash_memlimit_sensitive()) * 4
        else { throw .keyDerivationFailed }
        let key = try SecureBytes(count: count)
        let status = key.withMutableBytePointer { out in
            passphrase.withBytePointer { password in
                password.withMemoryRebound(to: CChar.self, capacity: max(passphrase.count, 1)) { text in
                    crypto_pwhash(
                        out, UInt64(count), text, UInt64(passphrase.count), salt, limits.opsLimit,
                        Int(limits.memLimit), argon2id13)
                }
            }
        }
        guard status == 0 else { throw .keyDerivationFailed }
        return key
    }
}
