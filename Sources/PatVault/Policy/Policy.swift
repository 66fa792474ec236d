/// An org's rules for its PATs: how long they may live, when they must be rotated, when
/// people are warned, how soon replaced tokens must be revoked, and which scopes are allowed.
///
/// Policies are read from JSON files (`policies/*.json`); `Policy.builtInDefault` is the same
/// rules as `policies/default.json`, used when no policy folder exists.
public struct Policy: Equatable, Sendable {
    /// The policy's name: its file name without `.json`, or `default`.
    public var name: String
    /// Org name patterns (`*` and `?` globs) this policy applies to; `*` matches every org.
    public var orgs: [String]
    /// The longest lifetime a token may be given; never more than one year (`hardMaximum`).
    public var maxLifetime: Lifetime
    /// Rotate a token this long after its creation, whatever its expiry; nil for never.
    public var rotateAfter: Lifetime?
    /// Days-left thresholds at which to warn, e.g. [30, 14, 7, 1].
    public var warnDays: [Int]
    /// At or under this many days left, a token is CRITICAL.
    public var criticalDays: Int
    /// A replaced token must be revoked within this long of its rotation.
    public var revokeWithin: Lifetime
    /// Scopes a token may carry; nil allows any scope not forbidden.
    public var allowedScopes: [String]?
    /// Scopes refused even if allowed: exact identifiers, or `*_write`-style globs.
    public var forbiddenScopes: [String]
    /// Where this policy's alert events go; none by default.
    public var alerts: [AlertHook] = []

    /// The Azure DevOps maximum: a PAT lives at most one calendar year.
    public static let hardMaximum = Lifetime(count: 1, unit: .years)

    /// The Azure DevOps defaults, identical in effect to `policies/default.json`.
    public static let builtInDefault = Policy(
        name: "default", orgs: ["*"], maxLifetime: hardMaximum, rotateAfter: Lifetime(count: 90, unit: .days),
        warnDays: [30, 14, 7, 1], criticalDays: 7, revokeWithin: Lifetime(count: 7, unit: .days),
        allowedScopes: Scope.readOnly, forbiddenScopes: Scope.privilegedPatterns)

    public init(
        name: String, orgs: [String], maxLifetime: Lifetime, rotateAfter: Lifetime?, warnDays: [Int], criticalDays: Int,
        revokeWithin: Lifetime, allowedScopes: [String]?, forbiddenScopes: [String]
    ) {
        self.name = name
        self.orgs = orgs
        self.maxLifetime = maxLifetime
        self.rotateAfter = rotateAfter
        self.warnDays = warnDays
        self.criticalDays = criticalDays
        self.revokeWithin = revokeWithin
        self.allowedScopes = allowedScopes
        self.forbiddenScopes = forbiddenScopes
    }

    /// The latest expiry allowed for a token created at `created`: the earlier of one
    /// calendar year and this policy's `max_lifetime`.
    public func latestExpiry(createdAt created: Timestamp) -> Timestamp {
        min(Self.hardMaximum.after(created), maxLifetime.after(created))
    }

    /// The scopes among `scopes` that this policy does not allow, in their order.
    public func disallowedScopes(_ scopes: [String]) -> [String] {
        scopes.filter { scope in
            if forbiddenScopes.contains(where: { Glob.matches(pattern: $0, scope) }) { return true }
            if let allowedScopes, !allowedScopes.contains(where: { Glob.matches(pattern: $0, scope) }) { return true }
            return false
        }
    }

    /// Checks a token about to be stored against this policy; the `Admission` it returns is
    /// what the vault needs to store it, so nothing unchecked can be stored.
    public func admit(createdAt: Timestamp, expiresAt: Timestamp, scopes: [String], now: Timestamp) throws(InputError)
        -> Admission
    {
        guard createdAt <= now else { throw .createdInFuture(createdAt) }
        guard expiresAt > createdAt else { throw .expiryBeforeCreation }
        guard expiresAt > now else { throw .expiryInPast(expires: expiresAt, now: now) }
        let latest = latestExpiry(createdAt: createdAt)
        guard expiresAt <= latest else {
            let limit =
                maxLifetime.after(createdAt) < Self.hardMaximum.after(createdAt)
                ? "max_lifetime \(maxLifetime) of policy '\(name)'"
                : "the Azure DevOps maximum of one year"
            throw .lifetimeTooLong(latest: latest, limit: limit)
        }
        let refused = disallowedScopes(scopes)
        guard refused.isEmpty else { throw .forbiddenScopes(refused, policy: name) }
        return Admission(createdAt: createdAt, expiresAt: expiresAt, scopes: scopes, policy: name)
    }
}

/// A token's dates and scopes after they passed the policy in force.
public struct Admission: Equatable, Sendable {
    public let createdAt: Timestamp
    public let expiresAt: Timestamp
    public let scopes: [String]
    public let policy: String
}

/// Shell-style globs with `*` and `?`, for org names and scopes.
public enum Glob {
    public static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.utf8)
        let t = Array(text.utf8)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == UInt8(ascii: "?") || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
