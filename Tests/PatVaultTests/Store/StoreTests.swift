import PatVaultTestSupport
import Testing

@testable import PatVault

@Suite struct StoreTests {
    let directory = TemporaryDirectory()
    var path: String { directory.file("vault.db") }
    let now = Timestamp(seconds: 1_800_000_000)

    func makeStore() throws -> SQLiteVaultStore {
        try Vault.create(path: path, slot: .newKeyFile(path: directory.file("key")), now: now, actor: "t")
        return try SQLiteVaultStore.open(at: path)
    }

    @Test func freshVaultHasTheCurrentSchemaAndWAL() throws {
        let store = try makeStore()
        #expect(try store.database.userVersion == Schema.currentVersion)
        let mode = try store.database.statement("PRAGMA journal_mode").rows { $0.text(0) }
        #expect(mode == ["wal"])
        #expect(try store.metadata("format") == "patvault-vault")
    }

    @Test func refusesAMissingFileANonVaultAndANewerSchema() throws {
        #expect(throws: StoreError.vaultNotFound(path: path)) { try SQLiteVaultStore.open(at: path) }

        TemporaryDirectory.write(Array("this is not a database, just some text that is long enough".utf8), to: path)
        #expect(throws: StoreError.notAVault(path: path, reason: "it is not an SQLite database")) {
            try SQLiteVaultStore.open(at: path)
        }
        TemporaryDirectory.remove(path)

        let store = try makeStore()
        try store.database.execute("PRAGMA user_version = \(Schema.currentVersion + 1)")
        store.close()
        #expect(throws: StoreError.newerSchema(found: Schema.currentVersion + 1, known: Schema.currentVersion)) {
            try SQLiteVaultStore.open(at: path)
        }
    }

    @Test func refusesGroupReadableVault() throws {
        _ = try makeStore()
        chmod(path, 0o640)
        #expect(throws: StoreError.unsafePermissions(path: path, mode: 0o100640)) {
            try SQLiteVaultStore.open(at: path)
        }
    }

    @Test func auditLogIsAppendOnlyInTheDatabaseItself() throws {
        let store = try makeStore()
        #expect(throws: StoreError.self) { try store.database.execute("DELETE FROM audit_log") }
        #expect(throws: StoreError.self) { try store.database.execute("UPDATE audit_log SET action = 'x'") }
    }

    @Test func onlyOneActiveVersionPerCredential() throws {
        let store = try makeStore()
        try store.write {
            let id = try store.insertCredential(
                Credential(
                    id: 0, name: "a", orgURL: "https://dev.azure.com/x", organization: "x", owner: nil, note: nil,
                    addedAt: now))
            let version = CredentialVersion(
                credentialID: id, version: 1, state: .active, scopes: ["vso.code"], createdAt: now, expiresAt: now,
                addedAt: now, replacedAt: nil, revokedAt: nil, fingerprint: "f",
                sealed: .init(nonce: [1], ciphertext: [2]))
            try store.insertVersion(version)
            var second = version
            second.version = 2
            #expect(throws: StoreError.self) { try store.insertVersion(second) }
        }
    }

    /// Each command is a fresh connection that commits once and closes without a checkpoint;
    /// SQLite's own automatic checkpoint never lets such a WAL start over, so it grew without
    /// end and every open re-read all of it. The WAL must stay within a few checkpoints' worth.
    @Test func walStaysShortAcrossManyOneCommitConnections() throws {
        try makeStore().close()
        for round in 0..<300 {
            let store = try SQLiteVaultStore.open(at: path)
            try store.write { try store.setMetadata("round-\(round)", String(repeating: "x", count: 3000)) }
            store.close()
        }
        var status = stat()
        #expect(stat(path + "-wal", &status) == 0)
        let frameBytes = 4096 + 24
        #expect(Int(status.st_size) <= (Database.walCheckpointFrames + 8) * frameBytes)
        let store = try SQLiteVaultStore.open(at: path)
        #expect(try store.metadata("round-299")?.count == 3000)
        #expect(try store.database.statement("PRAGMA integrity_check").rows { $0.text(0) } == ["ok"])
    }

    @Test func writeTransactionRollsBackOnError() throws {
        let store = try makeStore()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write {
                try store.setMetadata("scratch", "1")
                throw Boom()
            }
        }
        #expect(try store.metadata("scratch") == nil)
    }
}

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct AuditChainTests {
    let directory = TemporaryDirectory()

    func storeWithEntries(_ count: Int) throws -> SQLiteVaultStore {
        let path = directory.file("vault.db")
        try Vault.create(
            path: path, slot: .newKeyFile(path: directory.file("key")), now: Timestamp(seconds: 0), actor: "t")
        let store = try SQLiteVaultStore.open(at: path)
        try store.write {
            for index in 1..<count {
                try store.appendAudit(
                    at: Timestamp(seconds: Int64(index)), actor: "t", action: "add", credential: "c\(index)",
                    version: 1, detail: "{}")
            }
        }
        return store
    }

    @Test func intactChainVerifies() throws {
        let store = try storeWithEntries(5)
        let result = try AuditVerifier.verify(store.auditEntries())
        #expect(result.checked == 5 && result.firstBroken == nil)
    }

    /// Drops the append-only triggers, as an attacker with the file would, then edits.
    func tamper(_ store: SQLiteVaultStore, _ sql: String) throws {
        try store.database.execute("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; \(sql)")
    }

    @Test func editedEntryIsFound() throws {
        let store = try storeWithEntries(5)
        try tamper(store, "UPDATE audit_log SET credential = 'other' WHERE seq = 3")
        #expect(try AuditVerifier.verify(store.auditEntries()).firstBroken?.sequence == 3)
    }

    @Test func deletedEntryIsFound() throws {
        let store = try storeWithEntries(5)
        try tamper(store, "DELETE FROM audit_log WHERE seq = 2")
        #expect(try AuditVerifier.verify(store.auditEntries()).firstBroken?.sequence == 3)
    }

    @Test func replacedEntryWithRecomputedHashBreaksTheNextLink() throws {
        let store = try storeWithEntries(5)
        let entries = try store.auditEntries()
        let forged = AuditEntry.canonicalText(
            sequence: 2, at: entries[1].at, actor: "t", action: "forged", credential: nil, version: nil, detail: "{}")
        let hash = try AuditEntry.chainHash(previous: entries[0].hash, canonicalText: forged)
        try tamper(
            store,
            "UPDATE audit_log SET action = 'forged', credential = NULL, version = NULL, hash = x'\(Sodium.hex(hash))' WHERE seq = 2"
        )
        #expect(try AuditVerifier.verify(store.auditEntries()).firstBroken?.sequence == 3)
    }
}
