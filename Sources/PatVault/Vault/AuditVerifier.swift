/// Checks the audit log's hash chain.
public enum AuditVerifier {
    /// The verdict: how many entries were checked, and the first one that breaks the chain.
    public struct Result: Equatable, Sendable {
        public var checked: Int
        /// The sequence number of the first broken entry, and why.
        public var firstBroken: (sequence: Int64, reason: String)?

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.checked == rhs.checked && lhs.firstBroken?.sequence == rhs.firstBroken?.sequence
                && lhs.firstBroken?.reason == rhs.firstBroken?.reason
        }
    }

    /// Walks the entries in order: each must follow the last number, name the previous
    /// entry's hash, and hash to what it says. A deleted, inserted or edited entry breaks it.
    public static func verify(_ entries: [AuditEntry]) throws -> Result {
        var previous = AuditEntry.genesisHash
        var expectedSequence: Int64 = 1
        for (index, entry) in entries.enumerated() {
            func broken(_ reason: String) -> Result {
                Result(checked: index, firstBroken: (entry.sequence, reason))
            }
            guard entry.sequence == expectedSequence else {
                return broken("expected entry \(expectedSequence) here: an entry was deleted or inserted")
            }
            guard entry.previousHash == previous else {
                return broken("it does not name the previous entry's hash: an earlier entry was removed or replaced")
            }
            let text = AuditEntry.canonicalText(
                sequence: entry.sequence, at: entry.at, actor: entry.actor, action: entry.action,
                credential: entry.credential, version: entry.version, detail: entry.detail)
            guard try AuditEntry.chainHash(previous: previous, canonicalText: text) == entry.hash else {
                return broken("its contents do not match its hash: the entry was edited")
            }
            previous = entry.hash
            expectedSequence += 1
        }
        return Result(checked: entries.count, firstBroken: nil)
    }
}
