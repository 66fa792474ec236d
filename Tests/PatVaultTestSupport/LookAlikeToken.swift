import PatVault

/// Random strings in the shapes of Azure DevOps PATs, made at run time so that no token-shaped
/// literal ever sits in the repository (secret scanners would flag it, and rightly).
public enum LookAlikeToken {
    static let base32Lower = Array("abcdefghijklmnopqrstuvwxyz234567")
    static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    static func pick(_ alphabet: [Character]) -> Character { alphabet[Int.random(in: 0..<alphabet.count)] }

    /// 52 characters of `[a-z2-7]`.
    public static func classic() -> String {
        String((0..<52).map { _ in pick(base32Lower) })
    }

    /// 84 characters: 52 random, the `JQQJ99` signature, year and month letters, reserved
    /// characters, `AZDO`, and a 4-character checksum stand-in.
    public static func identifiable() -> String {
        let random = String((0..<52).map { _ in pick(alphanumeric) })
        let reserved = String((0..<16).map { _ in pick(alphanumeric) })
        let checksum = String((0..<4).map { _ in pick(alphanumeric) })
        return random + "JQQ" + "J99" + "C" + "F" + reserved + "AZ" + "DO" + checksum
    }

    /// The 88-character long form: the 84 characters, two more, and `==`.
    public static func identifiableLong() -> String {
        identifiable() + String((0..<2).map { _ in pick(alphanumeric) }) + "=="
    }

    /// The token as secure bytes, as the vault takes it.
    public static func secure(_ token: String) -> SecureBytes {
        var bytes = Array(token.utf8)
        // A test cannot go on without secure memory, so a failure here is a crash, not an error.
        // swift-format-ignore: NeverUseForceTry
        return try! SecureBytes(consuming: &bytes)
    }
}
