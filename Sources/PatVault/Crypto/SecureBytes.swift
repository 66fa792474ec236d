import CSodium

/// Secret bytes (keys, passphrases, plaintext tokens) in memory that libsodium guards.
///
/// The buffer comes from `sodium_malloc`: it is locked out of swap, fenced by guard pages,
/// and `sodium_free` wipes it on deinit. Keeping secrets in this class, rather than in
/// `String` or `[UInt8]`, means there is exactly one copy and it dies with the object.
public final class SecureBytes: @unchecked Sendable {
    private let pointer: UnsafeMutableRawPointer
    /// The number of meaningful bytes (may be less than the allocation after `truncate`).
    public private(set) var count: Int

    /// Allocates `count` zeroed bytes of guarded memory.
    public init(count: Int) throws(CryptoError) {
        try Sodium.ensureReady()
        let capacity = max(count, 1)
        guard let memory = sodium_malloc(capacity) else {
            throw .secureMemoryUnavailable(bytes: capacity)
        }
        sodium_memzero(memory, capacity)
        self.pointer = memory
        self.count = count
    }

    /// Copies `bytes` into guarded memory. The caller wipes its own copy if it was secret.
    public convenience init(copying bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        try self.init(count: bytes.count)
        if let base = bytes.baseAddress, bytes.count > 0 {
            pointer.copyMemory(from: base, byteCount: bytes.count)
        }
    }

    /// Moves an array's bytes into guarded memory and wipes the array.
    public convenience init(consuming bytes: inout [UInt8]) throws(CryptoError) {
        defer {
            bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress, $0.count) }
            bytes.removeAll()
        }
        try self.init(count: bytes.count)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress, source.count > 0 {
                pointer.copyMemory(from: base, byteCount: source.count)
            }
        }
    }

    deinit {
        // sodium_free wipes the whole allocation before releasing it.
        sodium_free(pointer)
    }

    public var isEmpty: Bool { count == 0 }

    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
    }

    /// The bytes as a C `const unsigned char *`, never null (even when empty), for libsodium.
    public func withBytePointer<R, E: Error>(_ body: (UnsafePointer<UInt8>) throws(E) -> R) throws(E) -> R {
        try body(UnsafePointer(pointer.assumingMemoryBound(to: UInt8.self)))
    }

    /// The bytes as a C `unsigned char *`, never null (even when empty), for libsodium and read(2).
    public func withMutableBytePointer<R, E: Error>(_ body: (UnsafeMutablePointer<UInt8>) throws(E) -> R) throws(E) -> R
    {
        try body(pointer.assumingMemoryBound(to: UInt8.self))
    }

    /// Shortens the meaningful length, wiping the bytes dropped (e.g. a trailing newline).
    public func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count)
        if newCount < count {
            sodium_memzero(pointer + newCount, count - newCount)
        }
        count = newCount
    }

    /// The byte at `index`, for validating a secret without copying it out.
    public subscript(index: Int) -> UInt8 {
        precondition(index >= 0 && index < count)
        return pointer.load(fromByteOffset: index, as: UInt8.self)
    }

    /// Constant-time equality, as secrets must be compared.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return sodium_memcmp(pointer, other.pointer, count) == 0
    }
}
