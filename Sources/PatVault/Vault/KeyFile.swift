#if canImport(Glibc)
    import Glibc
#endif

/// Key files: exactly 32 random bytes, owner-only, never overwritten.
public enum KeyFile {
    /// Reads a key file into secure memory, refusing one that group or others can read or
    /// write (exit 77), or that is not exactly 32 bytes.
    public static func read(path: String) throws -> SecureBytes {
        try FileSafety.checkOwnerOnly(
            path: path, missing: VaultError.badKeyFile(path: path, reason: "does not exist"))
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw VaultError.badKeyFile(path: path, reason: "cannot be read: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let expected = KeySlotCrypto.keyBytes
        // Read one byte more than a key, to tell a key file from a longer file.
        let buffer: SecureBytes
        do {
            buffer = try SecureBytes.read(from: descriptor, atMost: expected + 1)
        } catch let failure as SecureBytes.ReadFailure {
            throw VaultError.badKeyFile(path: path, reason: "cannot be read: \(failure.reason)")
        }
        let total = buffer.count
        guard total == expected else {
            throw VaultError.badKeyFile(
                path: path,
                reason:
                    "is \(total == expected + 1 ? "longer" : "\(total) bytes, shorter") than a patvault key file (\(expected) bytes): truncated or not a key file"
            )
        }
        return buffer
    }

    /// Writes a fresh random key to a new file (0600), refusing to overwrite (exit 73).
    /// Returns the key, in secure memory.
    public static func create(path: String) throws -> SecureBytes {
        let key = try Sodium.randomSecret(count: KeySlotCrypto.keyBytes)
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw VaultError.keyFileExists(path: path) }
            throw StoreError.io(path: path, operation: "create key file", errno: errno)
        }
        var written = 0
        while written < key.count {
            let result = key.withBytePointer { write(descriptor, $0 + written, key.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let failure = errno
                close(descriptor)
                unlink(path)
                throw StoreError.io(path: path, operation: "write key file", errno: failure)
            }
            written += result
        }
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            let failure = errno
            unlink(path)
            throw StoreError.io(path: path, operation: "write key file", errno: failure)
        }
        return key
    }

    /// Whether something already sits at `path` (a key file must never be overwritten).
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
