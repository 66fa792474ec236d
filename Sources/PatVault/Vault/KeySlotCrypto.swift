/// Wrapping and unwrapping the vault key in key slots.
///
/// - A key-file slot seals the vault key with `crypto_secretbox_easy` under the key file's
///   32 bytes.
/// - A passphrase slot derives a 32-byte key with Argon2id v1.3 (`crypto_pwhash`) from the
///   passphrase and the slot's salt and limits, then seals the vault key under it.
enum KeySlotCrypto {
    /// The size of a key file and of every key in the vault.
    static var keyBytes: Int { SecretBox.keyBytes }

    static func wrap(vaultKey: SecureBytes, underKeyFile keyFile: SecureBytes, now: Timestamp) throws -> KeySlot {
        KeySlot(id: 0, kind: .keyfile, createdAt: now, kdf: nil, wrappedKey: try SecretBox.seal(vaultKey, key: keyFile))
    }

    static func wrap(
        vaultKey: SecureBytes, underPassphrase passphrase: SecureBytes, level: PasswordHash.Level, now: Timestamp
    ) throws -> KeySlot {
        let parameters = KeySlot.KDFParameters(
            limits: level.limits, salt: try Sodium.randomBytes(count: PasswordHash.saltBytes))
        let slotKey = try PasswordHash.deriveKey(
            count: keyBytes, passphrase: passphrase, salt: parameters.salt, limits: parameters.limits)
        return KeySlot(
            id: 0, kind: .passphrase, createdAt: now, kdf: parameters,
            wrappedKey: try SecretBox.seal(vaultKey, key: slotKey))
    }

    /// The vault key if `keyFile` opens `slot`, nil if it does not.
    static func unwrap(_ slot: KeySlot, keyFile: SecureBytes) throws -> SecureBytes? {
        guard slot.kind == .keyfile else { return nil }
        return try openOrNil(slot.wrappedKey, key: keyFile)
    }

    /// The vault key if `passphrase` opens `slot`, nil if it does not.
    static func unwrap(_ slot: KeySlot, passphrase: SecureBytes) throws -> SecureBytes? {
        guard slot.kind == .passphrase, let kdf = slot.kdf else { return nil }
        let slotKey = try PasswordHash.deriveKey(
            count: keyBytes, passphrase: passphrase, salt: kdf.salt, limits: kdf.limits)
        return try openOrNil(slot.wrappedKey, key: slotKey)
    }

    private static func openOrNil(_ sealed: SecretBox.Sealed, key: SecureBytes) throws -> SecureBytes? {
        guard let vaultKey = try SecretBox.openIfAuthentic(sealed, key: key), vaultKey.count == keyBytes else {
            return nil
        }
        return vaultKey
    }
}
