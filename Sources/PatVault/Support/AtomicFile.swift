#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file atomically: write a temporary file beside it, fsync, rename over. A
/// reader (a metrics scraper) sees the old file or the new one, never half of one.
public enum AtomicFile {
    public static func write(_ text: String, to path: String, mode: mode_t) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { throw StoreError.io(path: temporary, operation: "create", errno: errno) }
        var failure: Int32 = 0
        Array(text.utf8).withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0 && (fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0) { failure = errno }
        close(descriptor)
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw StoreError.io(path: path, operation: "write", errno: failure)
        }
    }
}
