/// Failures of the crypto layer. None of them carries key or plaintext material.
public enum CryptoError: Error, Equatable, CustomStringConvertible {
    /// `sodium_init()` failed: the process cannot use libsodium at all.
    case libraryUnavailable
    /// `sodium_malloc` could not allocate guarded memory (often RLIMIT_MEMLOCK).
    case secureMemoryUnavailable(bytes: Int)
    /// A buffer had the wrong size for the primitive it was handed to.
    case badLength(what: String, expected: Int, actual: Int)
    /// Authentication failed: wrong key, or the ciphertext was changed.
    case authenticationFailed
    /// Argon2id ran out of memory or was handed limits it refuses.
    case keyDerivationFailed
    /// Hashing with BLAKE2b failed (bad output or key length).
    case hashFailed

    public var description: String {
        switch self {
        case .libraryUnavailable:
            return "libsodium could not be initialised"
        case .secureMemoryUnavailable(let bytes):
            return "could not allocate \(bytes) bytes of locked memory for key material (check 'ulimit -l')"
        case .badLength(let what, let expected, let actual):
            return "\(what) must be \(expected) bytes, not \(actual)"
        case .authenticationFailed:
            return "decryption failed: wrong key or altered data"
        case .keyDerivationFailed:
            return "passphrase key derivation failed (not enough memory for the chosen --kdf level?)"
        case .hashFailed:
            return "BLAKE2b hashing failed"
        }
    }
}
