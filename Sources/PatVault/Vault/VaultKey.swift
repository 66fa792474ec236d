/// The unlocked vault key, and the sub-keys derived from it for each purpose.
public final class VaultKey: Sendable {
    /// The 32-byte key that seals tokens.
    let secret: SecureBytes
    /// The key slot that opened it, for the audit log.
    public let slotID: Int64

    init(secret: SecureBytes, slotID: Int64) {
        self.secret = secret
        self.slotID = slotID
    }

    /// A short keyed BLAKE2b fingerprint of a token: names it in lists and the audit log
    /// without revealing it, and without letting anyone who lacks the key test a guess.
    public func fingerprint(of token: SecureBytes) throws(CryptoError) -> String {
        let fingerprintKey = try GenericHash.deriveSubkey(purpose: "patvault-fingerprint-v1", from: secret)
        let digest = try token.withUnsafeBytes { bytes throws(CryptoError) in
            try GenericHash.hash(bytes, count: 16, key: fingerprintKey)
        }
        return Sodium.hex(digest.prefix(6))
    }
}
