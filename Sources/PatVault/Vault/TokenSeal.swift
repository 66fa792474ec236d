/// Seals a token together with the record it belongs to.
///
/// The plaintext is a header that repeats the record's identity and the metadata that
/// matters, then the token:
///
///     patvault-token-v1 \n name \n version \n org_url \n expires_at \n scopes \n <token bytes>
///
/// Opening checks the header against the row it was read from, so a blob copied to another
/// record, or an expiry or scope edited in the file, fails as "tampered".
public enum TokenSeal {
    /// What a sealed token is bound to.
    public struct Binding: Equatable, Sendable {
        public var credential: String
        public var version: Int
        public var orgURL: String
        public var expiresAt: Timestamp
        public var scopes: [String]

        public init(credential: String, version: Int, orgURL: String, expiresAt: Timestamp, scopes: [String]) {
            self.credential = credential
            self.version = version
            self.orgURL = orgURL
            self.expiresAt = expiresAt
            self.scopes = scopes
        }

        var header: [UInt8] {
            Array(
                "patvault-token-v1\n\(credential)\n\(version)\n\(orgURL)\n\(expiresAt.seconds)\n\(scopes.joined(separator: ","))\n"
                    .utf8)
        }
    }

    public static func seal(_ token: SecureBytes, binding: Binding, key: SecureBytes) throws(CryptoError)
        -> SecretBox.Sealed
    {
        let header = binding.header
        let plaintext = try SecureBytes(count: header.count + token.count)
        plaintext.withUnsafeMutableBytes { out in
            out.copyBytes(from: header)
            token.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(rebasing: out[header.count...]).copyMemory(from: source)
            }
        }
        return try SecretBox.seal(plaintext, key: key)
    }

    /// Opens a sealed token and returns it alone; throws `VaultError.tampered` if it fails to
    /// authenticate or its header names another record.
    public static func open(_ sealed: SecretBox.Sealed, binding: Binding, key: SecureBytes) throws -> SecureBytes {
        let tampered = VaultError.tampered(credential: binding.credential, version: binding.version)
        guard let plaintext = try SecretBox.openIfAuthentic(sealed, key: key) else { throw tampered }
        let header = binding.header
        guard plaintext.count >= header.count else { throw tampered }
        let headerMatches = plaintext.withUnsafeBytes { bytes in
            bytes.prefix(header.count).elementsEqual(header)
        }
        guard headerMatches else { throw tampered }
        return try plaintext.withUnsafeBytes { bytes throws(CryptoError) in
            try SecureBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[header.count...]))
        }
    }
}
