#if canImport(Glibc)
    import Glibc
#endif

/// The ssh-style rule for secrets on disk: owner-only files and folders.
public enum FileSafety {
    /// Refuses a path that group or others may read or write (exit 77); throws `missing` if
    /// there is nothing there. Symbolic links are followed, as the file they name is what
    /// gets read.
    public static func checkOwnerOnly(path: String, missing: any Error) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw missing }
            throw StoreError.io(path: path, operation: "read", errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StoreError.notAVault(path: path, reason: "it is not a regular file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw StoreError.unsafePermissions(path: path, mode: info.st_mode)
        }
    }

    /// Creates `directory` and any missing parents owner-only (0700).
    public static func makeOwnerOnlyDirectory(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        let parent = Path.parent(of: directory)
        if parent != directory { try makeOwnerOnlyDirectory(parent) }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw StoreError.io(path: directory, operation: "create the folder", errno: errno)
        }
    }
}

/// Small path helpers that avoid Foundation's URL machinery.
public enum Path {
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The names in a folder (without `.` and `..`), in no particular order; nil if it cannot
    /// be opened.
    public static func entries(of folder: String) -> [String]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// A file's bytes (ordinary memory: never a secret's), or nil if it cannot be read or is
    /// longer than `limit`.
    public static func contents(of path: String, limit: Int = .max) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = read(descriptor, &buffer, buffer.count)
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { return result }
            result += buffer[0..<got]
            if result.count > limit { return nil }
        }
    }

    public static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }
}
