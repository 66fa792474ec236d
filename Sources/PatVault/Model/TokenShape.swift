/// Checks a token read from the user before it is sealed, without copying it out of
/// secure memory.
public enum TokenShape: String, Sendable {
    /// 52 characters of `[a-z2-7]`: base32 of a 256-bit key with a checksum.
    case classic
    /// 84 characters of `[A-Za-z0-9]` with `JQQJ99` at offset 52 and `AZDO` at offset 76
    /// (88 in the long form, which appends two characters and `==`).
    case identifiable
    /// Anything else, accepted only with `--any-format`.
    case other

    /// The most bytes read from standard input for a token.
    public static let maximumBytes = 4096

    /// Refuses an empty token or one with whitespace or control characters inside, then
    /// classifies it; `.other` is refused unless `allowAnyFormat`.
    @discardableResult
    public static func validate(_ token: SecureBytes, allowAnyFormat: Bool) throws(InputError) -> TokenShape {
        guard !token.isEmpty else { throw .emptyToken }
        guard token.count <= maximumBytes else { throw .tokenTooLarge(limit: maximumBytes) }
        for offset in 0..<token.count {
            let byte = token[offset]
            if byte <= 0x20 || byte == 0x7f {
                throw .tokenHasWhitespace(offset: offset)
            }
        }
        let shape = classify(token)
        if shape == .other && !allowAnyFormat {
            throw .tokenNotPATShaped(length: token.count)
        }
        return shape
    }

    static func classify(_ token: SecureBytes) -> TokenShape {
        if token.count == 52, (0..<52).allSatisfy({ isBase32Lower(token[$0]) }) {
            return .classic
        }
        if token.count == 84 || token.count == 88,
            (0..<84).allSatisfy({ isAlphanumeric(token[$0]) }),
            matches(token, "JQQJ99", at: 52), matches(token, "AZDO", at: 76)
        {
            if token.count == 84 { return .identifiable }
            if isAlphanumeric(token[84]), isAlphanumeric(token[85]), matches(token, "==", at: 86) {
                return .identifiable
            }
        }
        return .other
    }

    private static func matches(_ token: SecureBytes, _ literal: String, at offset: Int) -> Bool {
        for (index, byte) in literal.utf8.enumerated() where token[offset + index] != byte {
            return false
        }
        return true
    }

    private static func isBase32Lower(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
