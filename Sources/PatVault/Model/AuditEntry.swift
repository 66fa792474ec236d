/// One line of the append-only audit log, chained to the one before by its hash.
public struct AuditEntry: Equatable, Sendable {
    public var sequence: Int64
    public var at: Timestamp
    /// Who made the change: the operating-system user and process.
    public var actor: String
    /// What happened, e.g. `add`, `rotate`, `reveal`, `revoke`, `key-add`.
    public var action: String
    public var credential: String?
    public var version: Int?
    /// A compact JSON object with the particulars (fingerprints, dates); never a secret.
    public var detail: String
    public var previousHash: [UInt8]
    public var hash: [UInt8]

    /// The bytes hashed after the previous entry's hash: one line per field, as
    /// `docs/vault-format.md` specifies, so any BLAKE2b implementation can verify the chain.
    public static func canonicalText(
        sequence: Int64, at: Timestamp, actor: String, action: String, credential: String?, version: Int?,
        detail: String
    ) -> String {
        "patvault-audit-v1\n\(sequence)\n\(at.seconds)\n\(actor)\n\(action)\n\(credential ?? "")\n\(version.map(String.init) ?? "")\n\(detail)"
    }

    /// BLAKE2b-256 of the previous hash followed by the canonical text.
    public static func chainHash(previous: [UInt8], canonicalText: String) throws(CryptoError) -> [UInt8] {
        try GenericHash.hash(previous + Array(canonicalText.utf8), count: 32)
    }

    /// The hash that precedes the first entry.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)
}
