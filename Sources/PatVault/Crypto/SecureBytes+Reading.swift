#if canImport(Glibc)
    import Glibc
#endif

extension SecureBytes {
    /// Reads from `descriptor` until end of file or `atMost` bytes, straight into guarded
    /// memory: how key files, passphrase files and tokens on standard input are read.
    /// Throws the `errno` of a failed read.
    static func read(from descriptor: Int32, atMost limit: Int) throws -> SecureBytes {
        let buffer = try SecureBytes(count: limit)
        var total = 0
        while total < limit {
            let got = buffer.withMutableBytePointer { Glibc.read(descriptor, $0 + total, limit - total) }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw ReadFailure(errno: errno) }
            if got == 0 { break }
            total += got
        }
        buffer.truncate(to: total)
        return buffer
    }

    /// A read(2) that failed, with its errno.
    struct ReadFailure: PatVaultError {
        var errno: Int32
        var reason: String { String(cString: strerror(errno)) }
        var exitCode: ExitCode { .ioError }
        var description: String { "cannot read a secret: \(reason)" }
    }
}
