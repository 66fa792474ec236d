#if canImport(Glibc)
    import Glibc
#endif

/// The vault: credentials, their sealed token versions, key slots and the audit log, with
/// every change made in one transaction together with its audit entry.
public final class Vault {
    public let store: any VaultStore
    public let path: String
    /// Who is acting, for the audit log (e.g. `alice(uid=1000)`): looked up only when an
    /// entry is written, since a password-database lookup costs a read-only command time.
    public private(set) lazy var actor: String = actorSource()
    private let actorSource: () -> String

    init(store: any VaultStore, path: String, actor: @escaping () -> String) {
        self.store = store
        self.path = path
        self.actorSource = actor
    }

    /// How the first (or a further) key slot is made.
    public enum NewKeySlot {
        /// Write a fresh random key file at this path (0600, never overwriting).
        case newKeyFile(path: String)
        case passphrase(SecureBytes, PasswordHash.Level)
    }

    /// Opens the vault at `path` for reading and writing metadata; tokens need `unlock`.
    public static func open(
        path: String, actor: @escaping @autoclosure () -> String, busyTimeoutMilliseconds: Int32 = 10_000
    ) throws -> Vault {
        let store = try SQLiteVaultStore.open(at: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        return Vault(store: store, path: path, actor: actor)
    }

    /// Creates a vault with one key slot. The vault is built in a temporary file beside
    /// `path` and linked into place only when complete, so a crash or error leaves either no
    /// vault or a whole one, and an existing vault is never overwritten (exit 73).
    @discardableResult
    public static func create(
        path: String, slot: NewKeySlot, now: Timestamp, actor: @escaping @autoclosure () -> String
    ) throws -> Vault {
        if KeyFile.exists(path) { throw StoreError.vaultExists(path: path) }
        if case .newKeyFile(let keyPath) = slot, KeyFile.exists(keyPath) {
            throw VaultError.keyFileExists(path: keyPath)
        }
        try FileSafety.makeOwnerOnlyDirectory(Path.parent(of: path))

        let temporary = "\(path).init-\(getpid())"
        var createdKeyFile: String?
        func discardTemporary() {
            for suffix in ["", "-wal", "-shm", "-journal"] { unlink(temporary + suffix) }
        }
        do {
            do {
                let store = try SQLiteVaultStore.create(at: temporary)
                let vaultKey = try Sodium.randomSecret(count: KeySlotCrypto.keyBytes)
                let keySlot: KeySlot
                switch slot {
                case .newKeyFile(let keyPath):
                    let keyFile = try KeyFile.create(path: keyPath)
                    createdKeyFile = keyPath
                    keySlot = try KeySlotCrypto.wrap(vaultKey: vaultKey, underKeyFile: keyFile, now: now)
                case .passphrase(let passphrase, let level):
                    keySlot = try KeySlotCrypto.wrap(
                        vaultKey: vaultKey, underPassphrase: passphrase, level: level, now: now)
                }
                try store.write {
                    try store.setMetadata("vault_id", Sodium.hex(try Sodium.randomBytes(count: 16)))
                    try store.setMetadata("created_at", now.iso8601)
                    let id = try store.insertKeySlot(keySlot)
                    try store.appendAudit(
                        at: now, actor: actor(), action: "init", credential: nil, version: nil,
                        detail: JSONValue.object([("key_slot", .integer(id)), ("kind", .string(keySlot.kind.rawValue))])
                            .compact)
                }
                try store.checkpoint()  // the WAL folded into the file before it is linked into place
                store.close()
            }
            guard link(temporary, path) == 0 else {
                let failure = errno
                if failure == EEXIST { throw StoreError.vaultExists(path: path) }
                throw StoreError.io(path: path, operation: "create", errno: failure)
            }
            discardTemporary()
        } catch {
            discardTemporary()
            if let createdKeyFile { unlink(createdKeyFile) }
            throw error
        }
        return try open(path: path, actor: actor())
    }

    // MARK: Unlocking and key slots

    /// Opens the vault key with a key file; `source` names it in the error.
    public func unlock(keyFile: SecureBytes, source: String) throws -> VaultKey {
        for slot in try store.keySlots() where slot.kind == .keyfile {
            if let key = try KeySlotCrypto.unwrap(slot, keyFile: keyFile) {
                return VaultKey(secret: key, slotID: slot.id)
            }
        }
        throw VaultError.wrongKey(source: source)
    }

    /// Opens the vault key with a passphrase, trying each passphrase slot.
    public func unlock(passphrase: SecureBytes, source: String) throws -> VaultKey {
        for slot in try store.keySlots() where slot.kind == .passphrase {
            if let key = try KeySlotCrypto.unwrap(slot, passphrase: passphrase) {
                return VaultKey(secret: key, slotID: slot.id)
            }
        }
        throw VaultError.wrongKey(source: source)
    }

    public func keySlots() throws -> [KeySlot] { try store.keySlots() }

    /// Adds a key slot for the unlocked vault key; a new key file is removed again if the
    /// slot cannot be stored.
    @discardableResult
    public func addKeySlot(_ slot: NewKeySlot, key: VaultKey, now: Timestamp) throws -> KeySlot {
        var keySlot: KeySlot
        var createdKeyFile: String?
        switch slot {
        case .newKeyFile(let keyPath):
            if KeyFile.exists(keyPath) { throw VaultError.keyFileExists(path: keyPath) }
            let keyFile = try KeyFile.create(path: keyPath)
            createdKeyFile = keyPath
            keySlot = try KeySlotCrypto.wrap(vaultKey: key.secret, underKeyFile: keyFile, now: now)
        case .passphrase(let passphrase, let level):
            keySlot = try KeySlotCrypto.wrap(vaultKey: key.secret, underPassphrase: passphrase, level: level, now: now)
        }
        do {
            keySlot.id = try store.write {
                let id = try store.insertKeySlot(keySlot)
                try audit(
                    "key-add", at: now,
                    detail: [
                        ("key_slot", .integer(id)), ("kind", .string(keySlot.kind.rawValue)),
                        ("unlocked_with", .integer(key.slotID)),
                    ])
                return id
            }
        } catch {
            if let createdKeyFile { unlink(createdKeyFile) }
            throw error
        }
        return keySlot
    }

    /// Removes a key slot; the last one is never removed.
    public func removeKeySlot(id: Int64, key: VaultKey, now: Timestamp) throws {
        try store.write {
            let slots = try store.keySlots()
            guard slots.contains(where: { $0.id == id }) else { throw VaultError.keySlotNotFound(id) }
            guard slots.count > 1 else { throw VaultError.lastKeySlot }
            _ = try store.deleteKeySlot(id: id)
            try audit(
                "key-remove", at: now, detail: [("key_slot", .integer(id)), ("unlocked_with", .integer(key.slotID))])
        }
    }

    // MARK: Credentials

    /// What `add` stores besides the token.
    public struct NewCredential {
        public var name: CredentialName
        public var org: OrgURL
        public var owner: String?
        public var note: String?

        public init(name: CredentialName, org: OrgURL, owner: String?, note: String?) {
            self.name = name
            self.org = org
            self.owner = owner
            self.note = note
        }
    }

    /// Fails early, before a token is read, when the name is already taken.
    public func ensureAbsent(_ name: CredentialName) throws {
        if try store.credential(named: name.value) != nil { throw VaultError.credentialExists(name.value) }
    }

    /// Seals and stores a new credential's first token.
    @discardableResult
    public func add(_ new: NewCredential, admission: Admission, token: SecureBytes, key: VaultKey, now: Timestamp)
        throws
        -> CredentialVersion
    {
        let binding = TokenSeal.Binding(
            credential: new.name.value, version: 1, orgURL: new.org.url, expiresAt: admission.expiresAt,
            scopes: admission.scopes)
        let sealed = try TokenSeal.seal(token, binding: binding, key: key.secret)
        let fingerprint = try key.fingerprint(of: token)
        return try store.write {
            guard try store.credential(named: new.name.value) == nil else {
                throw VaultError.credentialExists(new.name.value)
            }
            let id = try store.insertCredential(
                Credential(
                    id: 0, name: new.name.value, orgURL: new.org.url, organization: new.org.organization,
                    owner: new.owner, note: new.note, addedAt: now))
            let version = CredentialVersion(
                credentialID: id, version: 1, state: .active, scopes: admission.scopes, createdAt: admission.createdAt,
                expiresAt: admission.expiresAt, addedAt: now, replacedAt: nil, revokedAt: nil,
                fingerprint: fingerprint, sealed: sealed)
            try store.insertVersion(version)
            try audit(
                "add", at: now, credential: new.name.value, version: 1,
                detail: versionDetail(version, org: new.org.url, policy: admission.policy))
            return version
        }
    }

    /// The credential and its versions, or `credentialNotFound`.
    public func credential(named name: String) throws -> (Credential, [CredentialVersion]) {
        guard let credential = try store.credential(named: name) else { throw VaultError.credentialNotFound(name) }
        return (credential, try store.versions(of: credential.id))
    }

    /// Seals a replacement token as version N+1 and moves the active version to
    /// `pending-revocation`, in one transaction.
    ///
    /// - Returns: the new version, and the one it replaced (nil when none was active: every
    ///   earlier version was revoked, so there is nothing left to revoke in Azure DevOps).
    @discardableResult
    public func rotate(name: String, admission: Admission, token: SecureBytes, key: VaultKey, now: Timestamp) throws
        -> (new: CredentialVersion, replaced: CredentialVersion?)
    {
        try store.write {
            let (credential, versions) = try credential(named: name)
            let number = (versions.last?.version ?? 0) + 1
            var replaced = versions.last(where: { $0.state == .active })
            if var active = replaced {
                let current = try openToken(of: active, credential: credential, key: key)
                if current.constantTimeEquals(token) { throw InputError.tokenUnchanged }
                active.state = .pendingRevocation
                active.replacedAt = now
                try store.updateVersion(active)
                replaced = active
            }
            let binding = TokenSeal.Binding(
                credential: name, version: number, orgURL: credential.orgURL, expiresAt: admission.expiresAt,
                scopes: admission.scopes)
            let version = CredentialVersion(
                credentialID: credential.id, version: number, state: .active, scopes: admission.scopes,
                createdAt: admission.createdAt, expiresAt: admission.expiresAt, addedAt: now, replacedAt: nil,
                revokedAt: nil, fingerprint: try key.fingerprint(of: token),
                sealed: try TokenSeal.seal(token, binding: binding, key: key.secret))
            try store.insertVersion(version)
            try audit(
                "rotate", at: now, credential: name, version: number,
                detail: versionDetail(version, org: credential.orgURL, policy: admission.policy))
            return (version, replaced)
        }
    }

    /// Opens a version's token for `get`, recording the reveal in the audit log first (in the
    /// same transaction: no reveal goes unrecorded).
    public func reveal(name: String, selector: VersionSelector, key: VaultKey, now: Timestamp) throws -> SecureBytes {
        try store.write {
            let (credential, versions) = try credential(named: name)
            guard let version = try selector.select(from: versions, credential: name).first else {
                throw VaultError.noActiveVersion(name)
            }
            let token = try openToken(of: version, credential: credential, key: key)
            try audit(
                "reveal", at: now, credential: name, version: version.version,
                detail: [("fingerprint", .string(version.fingerprint)), ("key_slot", .integer(key.slotID))])
            return token
        }
    }

    func openToken(of version: CredentialVersion, credential: Credential, key: VaultKey) throws -> SecureBytes {
        guard let sealed = version.sealed else {
            throw VaultError.tokenErased(credential: credential.name, version: version.version)
        }
        let binding = TokenSeal.Binding(
            credential: credential.name, version: version.version, orgURL: credential.orgURL,
            expiresAt: version.expiresAt, scopes: version.scopes)
        return try TokenSeal.open(sealed, binding: binding, key: key.secret)
    }

    /// Records the operator's attestation that versions were revoked in Azure DevOps, marks
    /// them revoked and erases their sealed tokens. Returns the versions changed; versions
    /// already revoked are left as they are.
    @discardableResult
    public func revokeAttested(name: String, selector: VersionSelector, now: Timestamp) throws -> [CredentialVersion] {
        let revoked = try store.write {
            let (credential, versions) = try credential(named: name)
            var changed: [CredentialVersion] = []
            for var version in try selector.select(from: versions, credential: name) where version.state != .revoked {
                version.state = .revoked
                version.revokedAt = now
                version.sealed = nil
                try store.updateVersion(version)
                try store.insertRevocationCheck(
                    RevocationCheck(
                        credentialID: credential.id, version: version.version, at: now, method: .attested,
                        outcome: .revoked,
                        endpoint: nil, httpStatus: nil, detail: "attested by \(actor)"))
                try audit(
                    "revoke", at: now, credential: name, version: version.version,
                    detail: [("fingerprint", .string(version.fingerprint)), ("method", "attested")])
                changed.append(version)
            }
            return changed
        }
        if !revoked.isEmpty { try eraseFromLog() }
        return revoked
    }

    /// After a sealed token is erased, truncates the WAL, which may still hold the page that
    /// held it. (The database file itself overwrites deleted content: `secure_delete`.)
    private func eraseFromLog() throws {
        try (store as? SQLiteVaultStore)?.checkpoint()
    }

    /// What one probe found.
    public struct ProbeResult: Sendable {
        public var credential: Credential
        public var version: CredentialVersion
        public var outcome: RevocationCheck.Outcome
        public var httpStatus: Int
        public var detail: String
    }

    /// Asks Azure DevOps whether each version's token still authenticates (all at once), and
    /// records every answer: rejected marks the version revoked and erases its token;
    /// still-valid and inconclusive change no state. Versions without a stored token are skipped.
    public func probe(
        _ targets: [(Credential, CredentialVersion)], key: VaultKey, environment: [String: String], now: Timestamp,
        timeoutSeconds: Int = 15
    ) throws -> [ProbeResult] {
        let targets = targets.filter { $0.1.sealed != nil && $0.1.state != .revoked }
        guard !targets.isEmpty else { return [] }
        let requests = try targets.map { credential, version in
            Probe.request(
                orgURL: credential.orgURL, token: try openToken(of: version, credential: credential, key: key),
                timeoutSeconds: timeoutSeconds)
        }
        let responses = try NetworkHelper.perform(requests, environment: environment)
        let results = try store.write {
            try zip(targets, responses).map { target, response in
                let (credential, stale) = target
                let (outcome, detail) = Probe.classify(response)
                // Re-read under the lock: the version may have changed while the probe ran.
                guard var version = try store.versions(of: credential.id).first(where: { $0.version == stale.version })
                else {
                    throw VaultError.versionNotFound(credential: credential.name, version: stale.version)
                }
                try store.insertRevocationCheck(
                    RevocationCheck(
                        credentialID: credential.id, version: version.version, at: now, method: .probe,
                        outcome: outcome,
                        endpoint: Probe.endpoint(orgURL: credential.orgURL), httpStatus: response.status, detail: detail
                    ))
                if outcome == .revoked && version.state != .revoked {
                    version.state = .revoked
                    version.revokedAt = now
                    version.sealed = nil
                    try store.updateVersion(version)
                }
                try audit(
                    "probe", at: now, credential: credential.name, version: version.version,
                    detail: [
                        ("fingerprint", .string(version.fingerprint)), ("outcome", .string(outcome.rawValue)),
                        ("http_status", .integer(Int64(response.status))),
                        ("endpoint", .string(Probe.endpoint(orgURL: credential.orgURL))),
                    ])
                return ProbeResult(
                    credential: credential, version: version, outcome: outcome, httpStatus: response.status,
                    detail: detail)
            }
        }
        if results.contains(where: { $0.outcome == .revoked }) { try eraseFromLog() }
        return results
    }

    /// Writes a consistent copy of the vault to a new file, and records that it was taken.
    public func backup(to path: String, now: Timestamp) throws {
        guard let sqlite = store as? SQLiteVaultStore else {
            throw StoreError.corrupt("this store cannot be backed up")
        }
        try store.write { try audit("backup", at: now, detail: [("file", .string(path))]) }
        try sqlite.backup(to: path)
    }

    public func revocationChecks(of credential: Credential) throws -> [RevocationCheck] {
        try store.revocationChecks(of: credential.id)
    }

    // MARK: Audit

    func audit(
        _ action: String, at now: Timestamp, credential: String? = nil, version: Int? = nil,
        detail: [(String, JSONValue)]
    ) throws {
        try store.appendAudit(
            at: now, actor: actor, action: action, credential: credential, version: version,
            detail: JSONValue.object(detail).compact)
    }

    private func versionDetail(_ version: CredentialVersion, org: String, policy: String) -> [(String, JSONValue)] {
        [
            ("fingerprint", .string(version.fingerprint)), ("org", .string(org)),
            ("created_at", JSONValue(version.createdAt)), ("expires_at", JSONValue(version.expiresAt)),
            ("scopes", JSONValue(version.scopes)), ("policy", .string(policy)),
        ]
    }
}
