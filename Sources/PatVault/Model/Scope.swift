/// Azure DevOps scope identifiers, and what patvault knows of their power.
public enum Scope {
    /// The six read-only scopes of the integration guide; the default for `--scopes`.
    public static let readOnly = ["vso.code", "vso.work", "vso.build", "vso.test", "vso.wiki", "vso.project"]

    /// Globs for every scope that grants more than reading (`azure-devops.md`): write, manage,
    /// execute and full access, the other acting suffixes, token administration, and the
    /// full-access `app_token`. The default policy forbids them all.
    public static let privilegedPatterns = [
        "*_write", "*_manage", "*_execute", "*_full", "*_status", "*_use", "*_publish", "*_acquire",
        "*_interact", "*_query", "vso.tokens", "vso.tokenadministration", "vso.connected_server",
        "user_impersonation", "app_token",
    ]

    /// Parses a `LIST`: comma-separated identifiers, trimmed, lower-cased, de-duplicated in order.
    public static func parseList(_ text: String) throws(InputError) -> [String] {
        var result: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let scope = part.trimming(" ").lowercased()
            guard isWellFormed(scope) else { throw .badScope(String(part)) }
            if !result.contains(scope) { result.append(scope) }
        }
        return result
    }

    /// Identifiers are like `vso.code` or `user_impersonation`: letters, digits, `.` and `_`.
    static func isWellFormed(_ scope: String) -> Bool {
        let bytes = Array(scope.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
    }
}

extension Substring {
    func trimming(_ character: Character) -> Substring {
        var result = self
        while result.first == character { result = result.dropFirst() }
        while result.last == character { result = result.dropLast() }
        return result
    }
}
