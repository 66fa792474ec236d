import CSodium

/// The one place libsodium is initialised.
///
/// `sodium_init()` is idempotent and thread-safe, but it must have run before any other
/// libsodium call; a static `let` runs it exactly once, on first use.
enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Makes sure libsodium is ready; every entry point of the crypto layer calls this first.
    static func ensureReady() throws(CryptoError) {
        guard initialised else { throw .libraryUnavailable }
    }

    /// Fills `count` bytes of fresh secure memory with randomness from the kernel.
    static func randomSecret(count: Int) throws(CryptoError) -> SecureBytes {
        try ensureReady()
        let bytes = try SecureBytes(count: count)
        bytes.withUnsafeMutableBytes { fillRandom($0) }
        return bytes
    }

    /// Random bytes that are not secret (nonces, salts), in ordinary memory.
    static func randomBytes(count: Int) throws(CryptoError) -> [UInt8] {
        try ensureReady()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fillRandom($0) }
        return bytes
    }

    private static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }

    /// Lower-case hexadecimal, for fingerprints and hashes shown to people.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses lower- or upper-case hexadecimal; nil for odd lengths or other characters.
    static func bytes(fromHex text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
