#if canImport(Glibc)
    import Glibc
#endif

/// An append-only byte buffer that keeps its first MiB in memory and the rest in an unlinked
/// temporary file: `check` holds its findings back until the credentials are written, and
/// 100,000 findings must not cost 100,000 findings' worth of memory. What it holds is
/// report text (names, dates, fingerprints), never a secret.
final class SpillBuffer {
    private var memory: [UInt8] = []
    private var file: Int32 = -1
    private var spilled = 0
    private let limit: Int

    init(limit: Int = 1 << 20) { self.limit = limit }

    deinit { if file >= 0 { close(file) } }

    var isEmpty: Bool { memory.isEmpty && spilled == 0 }

    func append(_ bytes: [UInt8]) throws {
        memory += bytes
        if memory.count >= limit { try spill() }
    }

    private func spill() throws {
        if file < 0 {
            let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array("\(directory)/patvault-check-XXXXXX".utf8CString)
            file = mkstemp(&template)
            guard file >= 0 else {
                throw StoreError.io(path: directory, operation: "create a temporary file in", errno: errno)
            }
            unlink(template)
        }
        try memory.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(file, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw StoreError.io(path: "temporary file", operation: "write", errno: errno) }
                offset += written
            }
        }
        spilled += memory.count
        memory.removeAll(keepingCapacity: true)
    }

    /// Hands everything appended, in order, to `write`, in chunks.
    func drain(_ write: ([UInt8]) throws -> Void) throws {
        if spilled > 0 {
            guard lseek(file, 0, SEEK_SET) == 0 else {
                throw StoreError.io(path: "temporary file", operation: "read", errno: errno)
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var remaining = spilled
            while remaining > 0 {
                let got = read(file, &chunk, min(chunk.count, remaining))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { throw StoreError.io(path: "temporary file", operation: "read", errno: errno) }
                try write(Array(chunk[0..<got]))
                remaining -= got
            }
        }
        if !memory.isEmpty { try write(memory) }
    }
}
