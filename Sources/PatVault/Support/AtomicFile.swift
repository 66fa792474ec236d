#if canImport(Glibc)
    import Glibc
#endif

/// Replaces a file atomically: write a temporary file beside it, fsync, rename over. A
/// reader (a metrics scraper) sees the old file or the new one, never half of one.
public final class AtomicFile {
    public let path: String
    private let temporary: String
    private var descriptor: Int32

    /// Creates the temporary file (mode `mode`, whatever the umask) next to `path`.
    public init(path: String, mode: mode_t) throws {
        self.path = path
        temporary = "\(path).tmp-\(getpid())"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw StoreError.io(path: temporary, operation: "create", errno: errno) }
        guard fchmod(descriptor, mode) == 0 else {
            let failure = errno
            abandon()
            throw StoreError.io(path: temporary, operation: "create", errno: failure)
        }
    }

    deinit { abandon() }

    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw StoreError.io(path: path, operation: "write", errno: errno) }
                offset += written
            }
        }
    }

    /// Flushes to disk and renames the temporary file over `path`.
    public func commit() throws {
        guard descriptor >= 0 else { return }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        descriptor = -1
        guard synced, rename(temporary, path) == 0 else {
            let failure = errno
            unlink(temporary)
            throw StoreError.io(path: path, operation: "write", errno: failure)
        }
    }

    /// Drops the temporary file; `path` stays as it was.
    public func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary)
    }

    /// Writes `text` to `path` atomically in one go.
    public static func write(_ text: String, to path: String, mode: mode_t) throws {
        let file = try AtomicFile(path: path, mode: mode)
        try file.write(Array(text.utf8))
        try file.commit()
    }
}
