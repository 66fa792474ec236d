/// The operations the vault needs from its storage, and nothing more, so another backend (a
/// shared PostgreSQL for teams whose cron runs on several hosts) can stand in for SQLite
/// without touching the vault, the tracker or the notifier.
public protocol VaultStore: AnyObject {
    /// Runs `body` holding the write lock; all of it lands, or none of it.
    func write<T>(_ body: () throws -> T) throws -> T
    /// Runs `body` against one consistent snapshot.
    func read<T>(_ body: () throws -> T) throws -> T

    func metadata(_ key: String) throws -> String?
    func setMetadata(_ key: String, _ value: String) throws

    func keySlots() throws -> [KeySlot]
    @discardableResult func insertKeySlot(_ slot: KeySlot) throws -> Int64
    func deleteKeySlot(id: Int64) throws -> Bool

    func credential(named name: String) throws -> Credential?
    func credentials() throws -> [Credential]
    @discardableResult func insertCredential(_ credential: Credential) throws -> Int64

    func versions(of credentialID: Int64) throws -> [CredentialVersion]
    func insertVersion(_ version: CredentialVersion) throws
    /// Saves a version's state, dates and sealed token (nil erases it).
    func updateVersion(_ version: CredentialVersion) throws

    /// Visits every credential in name order with its versions that are not revoked, reading
    /// metadata only (never a sealed token), in one streaming query: what `check` and `list`
    /// need, and fast at 100,000 credentials.
    func forEachTrackedCredential(_ body: (Credential, [CredentialVersion]) throws -> Void) throws

    /// Every version pending revocation, with its credential and sealed token: what
    /// `check --probe` asks Azure DevOps about.
    func versionsPendingRevocation() throws -> [(Credential, CredentialVersion)]

    func revocationChecks(of credentialID: Int64) throws -> [RevocationCheck]
    func insertRevocationCheck(_ check: RevocationCheck) throws

    /// The keys of every delivery already made, so `check` sends each milestone once.
    func deliveredKeys() throws -> Set<Delivery.Key>
    func deliveries(of credentialID: Int64) throws -> [Delivery]
    /// Records an attempt: a new row, or one more attempt on an existing one.
    func recordDelivery(_ delivery: Delivery) throws

    /// Appends one entry to the audit log, chaining it to the last one.
    @discardableResult
    func appendAudit(at: Timestamp, actor: String, action: String, credential: String?, version: Int?, detail: String)
        throws -> AuditEntry
    func auditEntries() throws -> [AuditEntry]
}
