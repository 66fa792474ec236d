import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// The vault in one SQLite file: WAL, a busy timeout, `BEGIN IMMEDIATE` writes, and a schema
/// migrated forward on open.
public final class SQLiteVaultStore: VaultStore {
    let database: Database
    public var path: String { database.path }

    /// The format marker in `vault_meta`, checked on every open.
    static let formatMarker = "patvault-vault"

    private init(database: Database) {
        self.database = database
    }

    /// Creates a new, empty vault at `path`, which must not exist yet. The file is created
    /// 0600 with `O_EXCL`, so two racing `init`s cannot both succeed.
    public static func create(at path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws -> SQLiteVaultStore {
        let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw StoreError.vaultExists(path: path) }
            throw StoreError.io(path: path, operation: "create", errno: errno)
        }
        Glibc.close(descriptor)
        let database = try Database(path: path, create: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try database.execute("PRAGMA journal_mode = WAL;" + Self.connectionPragmas)
        try database.execute("PRAGMA application_id = \(Schema.applicationID)")
        let store = SQLiteVaultStore(database: database)
        try store.migrate()
        try store.write { try store.setMetadata("format", formatMarker) }
        return store
    }

    /// Opens an existing vault, refusing a missing file (exit 66), one that group or others
    /// may read or write (exit 77), or a file that is not a patvault vault.
    public static func open(at path: String, busyTimeoutMilliseconds: Int32 = 10_000) throws -> SQLiteVaultStore {
        try FileSafety.checkOwnerOnly(path: path, missing: StoreError.vaultNotFound(path: path))
        let database = try Database(path: path, create: false, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        try database.execute(Self.connectionPragmas)
        let store = SQLiteVaultStore(database: database)
        // Another program's database is refused before anything (a migration above all) touches it.
        let applicationID = try database.statement("PRAGMA application_id").rows { $0.int(0) }.first ?? 0
        guard applicationID == Int64(Schema.applicationID) else {
            throw StoreError.notAVault(path: path, reason: "it is an SQLite database, but not a patvault vault")
        }
        let version = try database.userVersion
        guard version > 0 else {
            throw StoreError.notAVault(path: path, reason: "it is an SQLite database without patvault's tables")
        }
        guard version <= Schema.currentVersion else {
            throw StoreError.newerSchema(found: version, known: Schema.currentVersion)
        }
        if version < Schema.currentVersion { try store.migrate() }
        guard try store.metadata("format") == formatMarker else {
            throw StoreError.notAVault(path: path, reason: "its format marker is missing")
        }
        return store
    }

    /// Settings of every connection: full durability; foreign keys enforced; deleted content
    /// (an erased sealed token) overwritten with zeros rather than left in free pages; and
    /// memory-mapped reads, which spare a copy of every page `check` scans.
    static let connectionPragmas =
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; PRAGMA mmap_size = 268435456;"

    /// Applies the migrations the file lacks, each in its own write transaction, re-reading
    /// the version under the lock so two processes never migrate twice.
    func migrate() throws {
        while true {
            let applied: Bool = try database.writeTransaction {
                let version = try database.userVersion
                guard version < Schema.currentVersion else { return false }
                try database.execute(Schema.migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
                return true
            }
            if !applied { return }
        }
    }

    /// Copies the whole vault, consistently, while others may be using it (SQLite's online
    /// backup API), into a new file at `path`: created 0600 and never over an existing file.
    /// A failed copy leaves no file behind.
    public func backup(to path: String) throws {
        let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw StoreError.backupExists(path: path) }
            throw StoreError.io(path: path, operation: "create", errno: errno)
        }
        Glibc.close(descriptor)
        do {
            let target = try Database(
                path: path, create: false, busyTimeoutMilliseconds: database.busyTimeoutMilliseconds)
            guard let backup = sqlite3_backup_init(target.handle, "main", database.handle, "main") else {
                throw target.error(sqlite3_errcode(target.handle), context: "backup")
            }
            let stepped = sqlite3_backup_step(backup, -1)
            let finished = sqlite3_backup_finish(backup)
            guard stepped == SQLITE_DONE else { throw database.error(stepped, context: "backup") }
            guard finished == SQLITE_OK else { throw target.error(finished, context: "backup") }
            try target.execute("PRAGMA integrity_check")
            try target.checkpoint()
            target.close()
        } catch {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
            throw error
        }
    }

    /// Closes the connection now rather than when the last reference goes.
    public func close() { database.close() }

    /// Folds the WAL into the file and empties it (see `Database.checkpoint`).
    public func checkpoint() throws { try database.checkpoint() }

    public func write<T>(_ body: () throws -> T) throws -> T { try database.writeTransaction(body) }

    public func read<T>(_ body: () throws -> T) throws -> T { try database.readTransaction(body) }

    // MARK: Metadata

    public func metadata(_ key: String) throws -> String? {
        try database.statement("SELECT value FROM vault_meta WHERE key = ?")
            .rows([.text(key)]) { $0.text(0) }.first
    }

    public func setMetadata(_ key: String, _ value: String) throws {
        try database.statement(
            "INSERT INTO vault_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        .run([.text(key), .text(value)])
    }

    // MARK: Key slots

    public func keySlots() throws -> [KeySlot] {
        try database.statement(
            "SELECT id, kind, created_at, kdf_opslimit, kdf_memlimit, kdf_salt, nonce, wrapped_key FROM key_slots ORDER BY id"
        ).rows { row throws(StoreError) in
            guard let kind = KeySlot.Kind(rawValue: row.text(1)) else {
                throw .corrupt("key slot \(row.int(0)) has an unknown kind")
            }
            var kdf: KeySlot.KDFParameters?
            if kind == .passphrase {
                guard let ops = row.optionalInt(3), let mem = row.optionalInt(4), let salt = row.optionalBlob(5),
                    ops > 0, mem > 0
                else { throw .corrupt("passphrase slot \(row.int(0)) lacks its Argon2id parameters") }
                kdf = .init(limits: .init(opsLimit: UInt64(ops), memLimit: UInt64(mem)), salt: salt)
            }
            return KeySlot(
                id: row.int(0), kind: kind, createdAt: row.timestamp(2), kdf: kdf,
                wrappedKey: .init(nonce: row.blob(6), ciphertext: row.blob(7)))
        }
    }

    @discardableResult
    public func insertKeySlot(_ slot: KeySlot) throws -> Int64 {
        try database.statement(
            "INSERT INTO key_slots (kind, created_at, kdf_opslimit, kdf_memlimit, kdf_salt, nonce, wrapped_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
        ).run([
            .text(slot.kind.rawValue), .integer(slot.createdAt.seconds),
            SQLValue(slot.kdf.map { Int64($0.limits.opsLimit) }), SQLValue(slot.kdf.map { Int64($0.limits.memLimit) }),
            SQLValue(slot.kdf?.salt), .blob(slot.wrappedKey.nonce), .blob(slot.wrappedKey.ciphertext),
        ])
        return database.lastInsertRowID
    }

    public func deleteKeySlot(id: Int64) throws -> Bool {
        try database.statement("DELETE FROM key_slots WHERE id = ?").run([.integer(id)])
        return database.changes > 0
    }

    // MARK: Credentials

    private static let credentialColumns = "id, name, org_url, org, owner, note, added_at"

    private static func credential(_ row: Statement.Row) -> Credential {
        Credential(
            id: row.int(0), name: row.text(1), orgURL: row.text(2), organization: row.text(3),
            owner: row.optionalText(4), note: row.optionalText(5), addedAt: row.timestamp(6))
    }

    public func credential(named name: String) throws -> Credential? {
        try database.statement("SELECT \(Self.credentialColumns) FROM credentials WHERE name = ?")
            .rows([.text(name)], Self.credential).first
    }

    public func credentials() throws -> [Credential] {
        try database.statement("SELECT \(Self.credentialColumns) FROM credentials ORDER BY name")
            .rows([], Self.credential)
    }

    @discardableResult
    public func insertCredential(_ credential: Credential) throws -> Int64 {
        try database.statement(
            "INSERT INTO credentials (name, org_url, org, owner, note, added_at) VALUES (?, ?, ?, ?, ?, ?)"
        ).run([
            .text(credential.name), .text(credential.orgURL), .text(credential.organization),
            SQLValue(credential.owner), SQLValue(credential.note), .integer(credential.addedAt.seconds),
        ])
        return database.lastInsertRowID
    }

    // MARK: Versions

    private static let versionColumns =
        "v.credential_id, v.version, v.state, v.scopes, v.created_at, v.expires_at, v.added_at, v.replaced_at, v.revoked_at, v.fingerprint, s.nonce, s.sealed"

    static func version(_ row: Statement.Row) throws(StoreError) -> CredentialVersion {
        guard let state = VersionState(rawValue: row.text(2)) else {
            throw .corrupt("version \(row.int(1)) has an unknown state")
        }
        var sealed: SecretBox.Sealed?
        if let nonce = row.optionalBlob(10), let ciphertext = row.optionalBlob(11) {
            sealed = .init(nonce: nonce, ciphertext: ciphertext)
        }
        return CredentialVersion(
            credentialID: row.int(0), version: Int(row.int(1)), state: state,
            scopes: row.text(3).split(separator: ",").map(String.init),
            createdAt: row.timestamp(4), expiresAt: row.timestamp(5), addedAt: row.timestamp(6),
            replacedAt: row.optionalTimestamp(7), revokedAt: row.optionalTimestamp(8),
            fingerprint: row.text(9), sealed: sealed)
    }

    public func versions(of credentialID: Int64) throws -> [CredentialVersion] {
        try database.statement(
            """
            SELECT \(Self.versionColumns) FROM versions v
            LEFT JOIN sealed_tokens s ON s.credential_id = v.credential_id AND s.version = v.version
            WHERE v.credential_id = ? ORDER BY v.version
            """
        ).rows([.integer(credentialID)], Self.version)
    }

    public func insertVersion(_ version: CredentialVersion) throws {
        try database.statement(
            """
            INSERT INTO versions (credential_id, version, state, scopes, created_at, expires_at, added_at,
                                  replaced_at, revoked_at, fingerprint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).run(Self.metadataValues(of: version))
        try saveSealed(version)
    }

    public func updateVersion(_ version: CredentialVersion) throws {
        try database.statement(
            """
            UPDATE versions SET state = ?3, scopes = ?4, created_at = ?5, expires_at = ?6, added_at = ?7,
                replaced_at = ?8, revoked_at = ?9, fingerprint = ?10
            WHERE credential_id = ?1 AND version = ?2
            """
        ).run(Self.metadataValues(of: version))
        guard database.changes == 1 else {
            throw StoreError.corrupt("version \(version.version) vanished during an update")
        }
        try saveSealed(version)
    }

    /// Stores the version's sealed token, or erases it when there is none (revoked).
    private func saveSealed(_ version: CredentialVersion) throws {
        let key: [SQLValue] = [.integer(version.credentialID), .integer(Int64(version.version))]
        if let sealed = version.sealed {
            try database.statement(
                """
                INSERT INTO sealed_tokens (credential_id, version, nonce, sealed) VALUES (?, ?, ?, ?)
                ON CONFLICT (credential_id, version) DO UPDATE SET nonce = excluded.nonce, sealed = excluded.sealed
                """
            ).run(key + [.blob(sealed.nonce), .blob(sealed.ciphertext)])
        } else {
            try database.statement("DELETE FROM sealed_tokens WHERE credential_id = ? AND version = ?").run(key)
        }
    }

    private static func metadataValues(of version: CredentialVersion) -> [SQLValue] {
        [
            .integer(version.credentialID), .integer(Int64(version.version)), .text(version.state.rawValue),
            .text(version.scopes.joined(separator: ",")), .integer(version.createdAt.seconds),
            .integer(version.expiresAt.seconds), .integer(version.addedAt.seconds),
            SQLValue(version.replacedAt), SQLValue(version.revokedAt), .text(version.fingerprint),
        ]
    }

    public func forEachTrackedCredential(_ body: (Credential, [CredentialVersion]) throws -> Void) throws {
        let statement = try database.statement(
            """
            SELECT c.id, c.name, c.org_url, c.org, c.owner, c.note, c.added_at,
                   v.version, v.state, v.scopes, v.created_at, v.expires_at, v.added_at, v.replaced_at, v.fingerprint
            FROM credentials c
            LEFT JOIN versions v ON v.credential_id = c.id AND v.state <> 'revoked'
            ORDER BY c.name, v.version
            """)
        var current: Credential?
        var versions: [CredentialVersion] = []
        // Most credentials share a handful of scope lists: split each distinct one once.
        var scopeLists: [String: [String]] = [:]
        try statement.forEachRow { row in
            let id = row.int(0)
            if current?.id != id {
                if let current { try body(current, versions) }
                current = Self.credential(row)
                versions.removeAll(keepingCapacity: true)
            }
            guard !row.isNull(7) else { return }
            guard let state = VersionState(rawValue: row.text(8)) else {
                throw StoreError.corrupt("a version of '\(row.text(1))' has an unknown state")
            }
            versions.append(
                CredentialVersion(
                    credentialID: id, version: Int(row.int(7)), state: state,
                    scopes: Self.scopes(row.text(9), cache: &scopeLists), createdAt: row.timestamp(10),
                    expiresAt: row.timestamp(11), addedAt: row.timestamp(12), replacedAt: row.optionalTimestamp(13),
                    revokedAt: nil, fingerprint: row.text(14), sealed: nil))
        }
        if let current { try body(current, versions) }
    }

    private static func scopes(_ text: String, cache: inout [String: [String]]) -> [String] {
        if let known = cache[text] { return known }
        let scopes = text.split(separator: ",").map(String.init)
        cache[text] = scopes
        return scopes
    }

    public func versionsPendingRevocation() throws -> [(Credential, CredentialVersion)] {
        try database.statement(
            """
            SELECT \(Self.versionColumns), \(Self.credentialColumns.split(separator: ",").map { "c." + $0.trimming(" ") }.joined(separator: ", "))
            FROM versions v
            JOIN credentials c ON c.id = v.credential_id
            LEFT JOIN sealed_tokens s ON s.credential_id = v.credential_id AND s.version = v.version
            WHERE v.state = 'pending-revocation' ORDER BY c.name, v.version
            """
        ).rows([]) { row throws(StoreError) in
            let version = try Self.version(row)
            let credential = Credential(
                id: row.int(12), name: row.text(13), orgURL: row.text(14), organization: row.text(15),
                owner: row.optionalText(16), note: row.optionalText(17), addedAt: row.timestamp(18))
            return (credential, version)
        }
    }

    // MARK: Revocation checks

    public func revocationChecks(of credentialID: Int64) throws -> [RevocationCheck] {
        try database.statement(
            "SELECT credential_id, version, at, method, outcome, endpoint, http_status, detail FROM revocation_checks WHERE credential_id = ? ORDER BY id"
        ).rows([.integer(credentialID)]) { row throws(StoreError) in
            guard let method = RevocationCheck.Method(rawValue: row.text(3)),
                let outcome = RevocationCheck.Outcome(rawValue: row.text(4))
            else { throw .corrupt("a revocation check has an unknown method or outcome") }
            return RevocationCheck(
                credentialID: row.int(0), version: Int(row.int(1)), at: row.timestamp(2), method: method,
                outcome: outcome, endpoint: row.optionalText(5), httpStatus: row.optionalInt(6).map(Int.init),
                detail: row.text(7))
        }
    }

    public func insertRevocationCheck(_ check: RevocationCheck) throws {
        try database.statement(
            "INSERT INTO revocation_checks (credential_id, version, at, method, outcome, endpoint, http_status, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        ).run([
            .integer(check.credentialID), .integer(Int64(check.version)), .integer(check.at.seconds),
            .text(check.method.rawValue), .text(check.outcome.rawValue), SQLValue(check.endpoint),
            SQLValue(check.httpStatus), .text(check.detail),
        ])
    }

    // MARK: Deliveries

    public func deliveredKeys() throws -> Set<Delivery.Key> {
        var keys = Set<Delivery.Key>()
        try database.statement(
            "SELECT credential_id, version, event, threshold, hook FROM deliveries WHERE state = 'delivered'"
        ).forEachRow { row in
            keys.insert(
                Delivery.Key(
                    credentialID: row.int(0), version: Int(row.int(1)), event: row.text(2), threshold: Int(row.int(3)),
                    hook: row.text(4)))
        }
        return keys
    }

    public func deliveries(of credentialID: Int64) throws -> [Delivery] {
        try database.statement(
            """
            SELECT credential_id, version, event, threshold, hook, state, attempts, first_attempt_at, last_attempt_at,
                   delivered_at, last_error
            FROM deliveries WHERE credential_id = ? ORDER BY version, first_attempt_at, event, hook
            """
        ).rows([.integer(credentialID)]) { row throws(StoreError) in
            guard let state = Delivery.State(rawValue: row.text(5)) else {
                throw .corrupt("a delivery has an unknown state")
            }
            return Delivery(
                key: .init(
                    credentialID: row.int(0), version: Int(row.int(1)), event: row.text(2),
                    threshold: Int(row.int(3)), hook: row.text(4)),
                state: state, attempts: Int(row.int(6)), firstAttemptAt: row.timestamp(7),
                lastAttemptAt: row.timestamp(8), deliveredAt: row.optionalTimestamp(9), lastError: row.optionalText(10))
        }
    }

    public func recordDelivery(_ delivery: Delivery) throws {
        try database.statement(
            """
            INSERT INTO deliveries (credential_id, version, event, threshold, hook, state, attempts, first_attempt_at,
                                    last_attempt_at, delivered_at, last_error)
            VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)
            ON CONFLICT (credential_id, version, event, threshold, hook) DO UPDATE SET
                state = excluded.state, attempts = attempts + 1, last_attempt_at = excluded.last_attempt_at,
                delivered_at = excluded.delivered_at, last_error = excluded.last_error
            """
        ).run([
            .integer(delivery.key.credentialID), .integer(Int64(delivery.key.version)), .text(delivery.key.event),
            .integer(Int64(delivery.key.threshold)), .text(delivery.key.hook), .text(delivery.state.rawValue),
            .integer(delivery.firstAttemptAt.seconds), .integer(delivery.lastAttemptAt.seconds),
            SQLValue(delivery.deliveredAt), SQLValue(delivery.lastError),
        ])
    }

    // MARK: Audit log

    private static let auditColumns = "seq, at, actor, action, credential, version, detail, prev_hash, hash"

    private static func auditEntry(_ row: Statement.Row) -> AuditEntry {
        AuditEntry(
            sequence: row.int(0), at: row.timestamp(1), actor: row.text(2), action: row.text(3),
            credential: row.optionalText(4), version: row.optionalInt(5).map(Int.init), detail: row.text(6),
            previousHash: row.blob(7), hash: row.blob(8))
    }

    @discardableResult
    public func appendAudit(
        at: Timestamp, actor: String, action: String, credential: String?, version: Int?, detail: String
    ) throws -> AuditEntry {
        let last = try database.statement("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .rows { ($0.int(0), $0.blob(1)) }.first
        let sequence = (last?.0 ?? 0) + 1
        let previous = last?.1 ?? AuditEntry.genesisHash
        let text = AuditEntry.canonicalText(
            sequence: sequence, at: at, actor: actor, action: action, credential: credential, version: version,
            detail: detail)
        let hash = try AuditEntry.chainHash(previous: previous, canonicalText: text)
        try database.statement("INSERT INTO audit_log (\(Self.auditColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)").run([
            .integer(sequence), .integer(at.seconds), .text(actor), .text(action), SQLValue(credential),
            SQLValue(version), .text(detail), .blob(previous), .blob(hash),
        ])
        return AuditEntry(
            sequence: sequence, at: at, actor: actor, action: action, credential: credential, version: version,
            detail: detail, previousHash: previous, hash: hash)
    }

    public func auditEntries() throws -> [AuditEntry] {
        try database.statement("SELECT \(Self.auditColumns) FROM audit_log ORDER BY seq").rows([], Self.auditEntry)
    }
}
