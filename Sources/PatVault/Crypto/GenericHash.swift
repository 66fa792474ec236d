import CSodium

/// BLAKE2b (`crypto_generichash`): the audit chain's hash and, keyed, token fingerprints.
public enum GenericHash {
    /// Hashes `message` into `count` bytes (16...64), optionally keyed.
    public static func hash(
        _ message: UnsafeRawBufferPointer, count: Int = 32, key: SecureBytes? = nil
    ) throws(CryptoError) -> [UInt8] {
        try Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: count)
        let input = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let status: Int32
        if let key {
            status = key.withBytePointer { keyPointer in
                crypto_generichash(&out, count, input, UInt64(message.count), keyPointer, key.count)
            }
        } else {
            status = crypto_generichash(&out, count, input, UInt64(message.count), nil, 0)
        }
        guard status == 0 else { throw .hashFailed }
        return out
    }

    /// Hashes bytes held in ordinary memory.
    public static func hash(_ message: [UInt8], count: Int = 32, key: SecureBytes? = nil) throws(CryptoError) -> [UInt8]
    {
        do {
            return try message.withUnsafeBytes { buffer in try hash(buffer, count: count, key: key) }
        } catch let error as CryptoError {
            throw error
        } catch {
            throw .hashFailed
        }
    }

    /// Derives a sub-key (in secure memory) from a master key for one named purpose, so one
    /// vault key never serves two algorithms directly.
    public static func deriveSubkey(purpose: String, from key: SecureBytes, count: Int = 32) throws(CryptoError)
        -> SecureBytes
    {
        var digest = try hash(Array(purpose.utf8), count: count, key: key)
        return try SecureBytes(consuming: &digest)
    }
}
