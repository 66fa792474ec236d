import PatVault

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh folder under /tmp, owner-only, removed with everything in it on deinit.
public final class TemporaryDirectory {
    public let path: String

    public init() {
        var template = Array("/tmp/patvault-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { fatalError("mkdtemp failed: \(errno)") }
        path = String(cString: created)
    }

    deinit { Self.remove(path) }

    public func file(_ name: String) -> String { path + "/" + name }

    public static func remove(_ path: String) {
        guard let names = Path.entries(of: path) else {
            unlink(path)
            return
        }
        for name in names {
            let child = path + "/" + name
            var info = stat()
            if lstat(child, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
                remove(child)
            } else {
                unlink(child)
            }
        }
        rmdir(path)
    }

    /// The bytes of a file, or nil if it cannot be read.
    public static func contents(of path: String) -> [UInt8]? { Path.contents(of: path) }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) {
        // Close-on-exec: a child spawned by another test thread meanwhile must not inherit the
        // descriptor, or executing this file later fails with "Text file busy".
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(descriptor >= 0, "cannot write \(path)")
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        fchmod(descriptor, mode)
        close(descriptor)
    }

    /// Writes a shell script, mode 0700.
    public static func writeScript(_ text: String, to path: String) {
        write(Array(text.utf8), to: path, mode: 0o700)
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func mode(of path: String) -> mode_t {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
    }
}
