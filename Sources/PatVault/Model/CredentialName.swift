/// The name a credential is filed under: 1 to 128 of letters, digits, `.`, `_`, `-`, `/`.
///
/// Slashes allow grouping (`team-a/sonar`); `.` and `..` segments, empty segments and a
/// leading slash are refused so that a name can never read as a path trick, and a leading
/// `-` so that it can never read as an option.
public struct CredentialName: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    public init(_ text: String) throws(InputError) {
        let bytes = Array(text.utf8)
        guard (1...128).contains(bytes.count),
            bytes.allSatisfy(Self.isAllowed),
            bytes.first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/"), bytes.first != UInt8(ascii: "-")
        else { throw .badName(text) }
        for segment in text.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else { throw .badName(text) }
        }
        value = text
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    public var description: String { value }
}
