/// Bad input data on the way in (exit 65): names, URLs, scopes, tokens, lifetimes.
public enum InputError: Error, Equatable, CustomStringConvertible {
    /// A credential name outside the allowed alphabet or length.
    case badName(String)
    /// An org URL that is not an Azure DevOps organisation URL.
    case badOrgURL(String, reason: String)
    /// A scope identifier that is malformed.
    case badScope(String)
    case badDate(DateParser.Failure)
    /// `PATVAULT_NOW` is set but is not a date.
    case badClock(DateParser.Failure)
    case badLifetime(Lifetime.Failure)
    /// A version number that is not a positive integer.
    case badVersion(String)
    /// The token read was empty.
    case emptyToken
    /// The token holds whitespace or control characters (the byte offset, not the byte).
    case tokenHasWhitespace(offset: Int)
    /// The token is longer than the 4 KiB patvault reads.
    case tokenTooLarge(limit: Int)
    /// The token is not in a known Azure DevOps PAT shape.
    case tokenNotPATShaped(length: Int)
    /// `rotate` was given the token that is already active.
    case tokenUnchanged
    /// The expiry is not after the creation time, or is already past.
    case expiryInPast(expires: Timestamp, now: Timestamp)
    case expiryBeforeCreation
    /// `--created` lies in the future.
    case createdInFuture(Timestamp)
    /// A lifetime beyond what the policy (or Azure DevOps) allows.
    case lifetimeTooLong(latest: Timestamp, limit: String)
    /// Scopes that the policy in force forbids.
    case forbiddenScopes([String], policy: String)
    /// A free-text field with control characters or too long.
    case badText(field: String, reason: String)

    public var description: String {
        switch self {
        case .badName(let name):
            return
                "'\(String(name.prefix(64)))' is not a valid name: use 1 to 128 letters, digits, '.', '_', '-', '/' (no '..' segment, no leading '/' or '-')"
        case .badOrgURL(let url, let reason):
            return
                "'\(String(url.prefix(120)))' is not an Azure DevOps organisation URL: \(reason) (use https://dev.azure.com/ORG or https://ORG.visualstudio.com)"
        case .badScope(let scope):
            return "'\(String(scope.prefix(64)))' is not a scope identifier (e.g. vso.code,vso.work)"
        case .badDate(let failure):
            return failure.description
        case .badClock(let failure):
            return "PATVAULT_NOW \(failure.description)"
        case .badLifetime(let failure):
            return failure.description
        case .badVersion(let text):
            return "'\(String(text.prefix(32)))' is not a version number (a whole number from 1)"
        case .emptyToken:
            return "the token is empty: pipe it on standard input or type it at the prompt"
        case .tokenHasWhitespace(let offset):
            return "the token has whitespace or a control character at byte \(offset + 1): paste the token alone"
        case .tokenTooLarge(let limit):
            return "standard input is larger than \(limit) bytes: that is not a PAT"
        case .tokenNotPATShaped(let length):
            return
                "the token (\(length) characters) is not an Azure DevOps PAT (52-character classic or 84-character format); pass --any-format to store it anyway"
        case .tokenUnchanged:
            return "the new token is the one already active: create a new PAT in Azure DevOps first"
        case .expiryInPast(let expires, let now):
            return "the expiry \(expires.iso8601) is not after now (\(now.iso8601))"
        case .expiryBeforeCreation:
            return "the expiry is not after the creation time"
        case .createdInFuture(let created):
            return "--created \(created.iso8601) is in the future"
        case .lifetimeTooLong(let latest, let limit):
            return "the lifetime exceeds \(limit): the latest allowed expiry is \(latest.iso8601)"
        case .forbiddenScopes(let scopes, let policy):
            return
                "scope\(scopes.count == 1 ? "" : "s") \(scopes.joined(separator: ", ")) forbidden by policy '\(policy)': patvault keeps read-only tokens"
        case .badText(let field, let reason):
            return "--\(field) \(reason)"
        }
    }
}
