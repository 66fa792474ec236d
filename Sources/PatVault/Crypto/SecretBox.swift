import CSodium

/// `crypto_secretbox_easy` (XSalsa20-Poly1305): authenticated encryption under a 32-byte key.
public enum SecretBox {
    public static var keyBytes: Int { crypto_secretbox_keybytes() }
    public static var nonceBytes: Int { crypto_secretbox_noncebytes() }
    public static var macBytes: Int { crypto_secretbox_macbytes() }

    /// A sealed message: the nonce it was sealed with and the MAC-prefixed ciphertext.
    public struct Sealed: Equatable, Sendable {
        public var nonce: [UInt8]
        public var ciphertext: [UInt8]
        public init(nonce: [UInt8], ciphertext: [UInt8]) {
            self.nonce = nonce
            self.ciphertext = ciphertext
        }
    }

    /// Seals `plaintext` under `key` with a fresh random nonce.
    public static func seal(_ plaintext: SecureBytes, key: SecureBytes) throws(CryptoError) -> Sealed {
        let nonce = try Sodium.randomBytes(count: nonceBytes)
        return try seal(plaintext, key: key, nonce: nonce)
    }

    /// Seals with a given nonce. Only tests (known-answer vectors) pass a nonce themselves:
    /// reusing a nonce under one key breaks the cipher.
    public static func seal(_ plaintext: SecureBytes, key: SecureBytes, nonce: [UInt8]) throws(CryptoError) -> Sealed {
        try Sodium.ensureReady()
        try checkLength("secretbox key", key.count, keyBytes)
        try checkLength("secretbox nonce", nonce.count, nonceBytes)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + macBytes)
        let status = plaintext.withBytePointer { message in
            key.withBytePointer { keyPointer in
                crypto_secretbox_easy(&ciphertext, message, UInt64(plaintext.count), nonce, keyPointer)
            }
        }
        guard status == 0 else { throw .authenticationFailed }
        return Sealed(nonce: nonce, ciphertext: ciphertext)
    }

    /// Opens a sealed message into secure memory; throws `.authenticationFailed` for a wrong
    /// key or any change to nonce or ciphertext.
    public static func open(_ sealed: Sealed, key: SecureBytes) throws(CryptoError) -> SecureBytes {
        guard let plaintext = try openIfAuthentic(sealed, key: key) else { throw .authenticationFailed }
        return plaintext
    }

    /// Like `open`, but a failed authentication is nil rather than an error, for callers that
    /// try several keys or turn it into their own error.
    public static func openIfAuthentic(_ sealed: Sealed, key: SecureBytes) throws(CryptoError) -> SecureBytes? {
        try Sodium.ensureReady()
        try checkLength("secretbox key", key.count, keyBytes)
        try checkLength("secretbox nonce", sealed.nonce.count, nonceBytes)
        guard sealed.ciphertext.count >= macBytes else { return nil }
        let plaintext = try SecureBytes(count: sealed.ciphertext.count - macBytes)
        let status = plaintext.withMutableBytePointer { out in
            key.withBytePointer { keyPointer in
                crypto_secretbox_open_easy(
                    out, sealed.ciphertext, UInt64(sealed.ciphertext.count), sealed.nonce, keyPointer)
            }
        }
        guard status == 0 else { return nil }
        return plaintext
    }

    static func checkLength(_ what: String, _ actual: Int, _ expected: Int) throws(CryptoError) {
        guard actual == expected else { throw .badLength(what: what, expected: expected, actual: actual) }
    }
}
