import PatVaultTestSupport
import Testing

@testable import PatVault

/// The vault through its library API, on a real SQLite file in a temporary folder.
@Suite struct VaultTests {
    let directory = TemporaryDirectory()
    let now = Timestamp(seconds: 1_800_000_000)
    var path: String { directory.file("v/vault.db") }
    var keyPath: String { directory.file("key") }

    func makeVault() throws -> (Vault, VaultKey) {
        let vault = try Vault.create(path: path, slot: .newKeyFile(path: keyPath), now: now, actor: "test")
        return (vault, try vault.unlock(keyFile: try KeyFile.read(path: keyPath), source: "key"))
    }

    func admission(days: Int64 = 90, scopes: [String] = Scope.readOnly) throws -> Admission {
        try Policy.builtInDefault.admit(
            createdAt: now, expiresAt: now.adding(seconds: days * 86_400), scopes: scopes, now: now)
    }

    func newCredential(_ name: String) throws -> Vault.NewCredential {
        .init(name: try CredentialName(name), org: try OrgURL("https://dev.azure.com/contoso"), owner: "ops", note: nil)
    }

    @Test func createsOwnerOnlyFilesAndRefusesToOverwrite() throws {
        _ = try makeVault()
        #expect(TemporaryDirectory.mode(of: path) == 0o600)
        #expect(TemporaryDirectory.mode(of: directory.file("v")) == 0o700)
        #expect(TemporaryDirectory.mode(of: keyPath) == 0o600)
        #expect(TemporaryDirectory.contents(of: keyPath)?.count == 32)
        let before = TemporaryDirectory.contents(of: path)
        #expect(throws: StoreError.vaultExists(path: path)) {
            try Vault.create(path: path, slot: .newKeyFile(path: directory.file("other")), now: now, actor: "test")
        }
        #expect(TemporaryDirectory.contents(of: path) == before)
        #expect(!TemporaryDirectory.exists(directory.file("other")))
    }

    @Test func addRevealRotateRevoke() throws {
        let (vault, key) = try makeVault()
        let first = LookAlikeToken.classic()
        try vault.add(
            try newCredential("sonar"), admission: try admission(), token: LookAlikeToken.secure(first), key: key,
            now: now)
        #expect(
            try vault.reveal(name: "sonar", selector: .active, key: key, now: now).constantTimeEquals(
                LookAlikeToken.secure(first)))

        let second = LookAlikeToken.identifiable()
        let rotated = try vault.rotate(
            name: "sonar", admission: try admission(days: 180), token: LookAlikeToken.secure(second), key: key, now: now
        )
        #expect(rotated.new.version == 2)
        #expect(rotated.replaced?.version == 1 && rotated.replaced?.state == .pendingRevocation)
        let (_, versions) = try vault.credential(named: "sonar")
        #expect(versions.map(\.state) == [.pendingRevocation, .active])
        #expect(versions[0].replacedAt == now)
        #expect(
            try vault.reveal(name: "sonar", selector: .previous, key: key, now: now).constantTimeEquals(
                LookAlikeToken.secure(first)))

        let revoked = try vault.revokeAttested(name: "sonar", selector: .pendingRevocation, now: now)
        #expect(revoked.map(\.version) == [1])
        let (credential, after) = try vault.credential(named: "sonar")
        #expect(after[0].state == .revoked && after[0].sealed == nil)
        #expect(throws: VaultError.tokenErased(credential: "sonar", version: 1)) {
            try vault.reveal(name: "sonar", selector: .number(1), key: key, now: now)
        }
        #expect(try vault.revocationChecks(of: credential).map(\.method) == [.attested])
        #expect(try AuditVerifier.verify(vault.store.auditEntries()).firstBroken == nil)
        #expect(
            try vault.store.auditEntries().map(\.action) == ["init", "add", "reveal", "rotate", "reveal", "revoke"])

        // With every version revoked, a rotation replaces nothing: there is nothing left to revoke.
        try vault.revokeAttested(name: "sonar", selector: .all, now: now)
        let fresh = try vault.rotate(
            name: "sonar", admission: try admission(), token: LookAlikeToken.secure(LookAlikeToken.classic()), key: key,
            now: now)
        #expect(fresh.new.version == 3 && fresh.replaced == nil)
    }

    /// Revoking erases the sealed token from the file itself, not only from the table.
    @Test func revokedTokenBytesLeaveTheFile() throws {
        var ciphertext: [UInt8] = []
        do {
            let (vault, key) = try makeVault()
            try vault.add(
                try newCredential("a"), admission: try admission(),
                token: LookAlikeToken.secure(LookAlikeToken.classic()), key: key, now: now)
            ciphertext = try #require(try vault.credential(named: "a").1.first?.sealed?.ciphertext)
            try vault.revokeAttested(name: "a", selector: .all, now: now)
        }
        let window = Array(ciphertext.prefix(32))
        for file in [path, path + "-wal"] {
            let bytes = TemporaryDirectory.contents(of: file) ?? []
            #expect(!bytes.indices.dropLast(31).contains { bytes[$0..<$0 + 32].elementsEqual(window) }, "\(file)")
        }
    }

    @Test func rotateRefusesTheSameTokenAndChangesNothing() throws {
        let (vault, key) = try makeVault()
        let token = LookAlikeToken.classic()
        try vault.add(
            try newCredential("a"), admission: try admission(), token: LookAlikeToken.secure(token), key: key, now: now)
        #expect(throws: InputError.tokenUnchanged) {
            try vault.rotate(
                name: "a", admission: try admission(), token: LookAlikeToken.secure(token), key: key, now: now)
        }
        #expect(try vault.credential(named: "a").1.map(\.state) == [.active])
    }

    @Test func duplicateNameIsRefused() throws {
        let (vault, key) = try makeVault()
        try vault.add(
            try newCredential("a"), admission: try admission(), token: LookAlikeToken.secure(LookAlikeToken.classic()),
            key: key, now: now)
        #expect(throws: VaultError.credentialExists("a")) {
            try vault.add(
                try newCredential("a"), admission: try admission(),
                token: LookAlikeToken.secure(LookAlikeToken.classic()), key: key, now: now)
        }
    }

    @Test func keySlotsUnlockWithEitherAndTheLastCannotGo() throws {
        let (vault, key) = try makeVault()
        let token = LookAlikeToken.classic()
        try vault.add(
            try newCredential("a"), admission: try admission(), token: LookAlikeToken.secure(token), key: key, now: now)
        let passphrase = LookAlikeToken.secure("a long passphrase")
        let slot = try vault.addKeySlot(.passphrase(passphrase, .interactive), key: key, now: now)

        let byPassphrase = try vault.unlock(passphrase: passphrase, source: "p")
        #expect(byPassphrase.slotID == slot.id)
        #expect(
            try vault.reveal(name: "a", selector: .active, key: byPassphrase, now: now).constantTimeEquals(
                LookAlikeToken.secure(token)))
        #expect(throws: VaultError.wrongKey(source: "p")) {
            try vault.unlock(passphrase: LookAlikeToken.secure("nope"), source: "p")
        }
        #expect(throws: VaultError.wrongKey(source: "k")) {
            try vault.unlock(keyFile: try Sodium.randomSecret(count: 32), source: "k")
        }

        try vault.removeKeySlot(id: key.slotID, key: byPassphrase, now: now)
        #expect(throws: VaultError.wrongKey(source: "key")) {
            try vault.unlock(keyFile: try KeyFile.read(path: keyPath), source: "key")
        }
        #expect(throws: VaultError.lastKeySlot) { try vault.removeKeySlot(id: slot.id, key: byPassphrase, now: now) }
    }

    @Test func keyFilesAreCheckedForSizeAndPermissions() throws {
        _ = try makeVault()
        let short = directory.file("short")
        TemporaryDirectory.write([1, 2, 3], to: short)
        #expect(throws: VaultError.self) { try KeyFile.read(path: short) }
        let open = directory.file("open")
        TemporaryDirectory.write([UInt8](repeating: 7, count: 32), to: open, mode: 0o644)
        #expect(throws: StoreError.unsafePermissions(path: open, mode: 0o100644)) { try KeyFile.read(path: open) }
    }
}

@Suite struct TokenSealTests {
    let key: SecureBytes
    let binding = TokenSeal.Binding(
        credential: "a", version: 1, orgURL: "https://dev.azure.com/contoso",
        expiresAt: Timestamp(seconds: 2_000_000_000),
        scopes: ["vso.code"])

    init() throws { key = try Sodium.randomSecret(count: 32) }

    @Test func opensOnlyUnderItsOwnBinding() throws {
        let token = LookAlikeToken.secure(LookAlikeToken.classic())
        let sealed = try TokenSeal.seal(token, binding: binding, key: key)
        #expect(try TokenSeal.open(sealed, binding: binding, key: key).constantTimeEquals(token))

        var otherName = binding
        otherName.credential = "b"
        var otherVersion = binding
        otherVersion.version = 2
        var laterExpiry = binding
        laterExpiry.expiresAt = binding.expiresAt.adding(seconds: 86_400)
        var moreScopes = binding
        moreScopes.scopes = ["vso.code", "vso.code_write"]
        var otherOrg = binding
        otherOrg.orgURL = "https://dev.azure.com/fabrikam"
        for changed in [otherName, otherVersion, laterExpiry, moreScopes, otherOrg] {
            #expect(throws: VaultError.tampered(credential: changed.credential, version: changed.version)) {
                try TokenSeal.open(sealed, binding: changed, key: key)
            }
        }
    }

    @Test func blobsSwappedBetweenRecordsAreDetected() throws {
        var second = binding
        second.credential = "b"
        let sealedA = try TokenSeal.seal(LookAlikeToken.secure(LookAlikeToken.classic()), binding: binding, key: key)
        let sealedB = try TokenSeal.seal(LookAlikeToken.secure(LookAlikeToken.classic()), binding: second, key: key)
        #expect(throws: VaultError.tampered(credential: "a", version: 1)) {
            try TokenSeal.open(sealedB, binding: binding, key: key)
        }
        #expect(throws: VaultError.tampered(credential: "b", version: 1)) {
            try TokenSeal.open(sealedA, binding: second, key: key)
        }
    }
}
