/// The expiry tracker: a pure function of (credential, versions, policy, now) to findings.
///
/// `check`, `check --at`, `list` and `show` all ask it, so they can never disagree. Day
/// arithmetic is exact and in UTC: days left is whole days until expiry, rounded down, and a
/// threshold is crossed when days left is at or under it.
public enum Tracker {
    /// - Parameter scopeVerdicts: a memo of scope checks shared across credentials; `check`
    ///   passes one so 100,000 identical scope lists are globbed once, not 100,000 times.
    public static func evaluate(
        credential: Credential, versions: [CredentialVersion], policy: Policy, now: Timestamp,
        scopeVerdicts: ScopeVerdicts? = nil
    ) -> [Finding] {
        var findings: [Finding] = []
        func finding(
            _ severity: Finding.Severity, _ kind: Finding.Kind, _ version: CredentialVersion?, threshold: Int? = nil,
            _ summary: String
        ) {
            findings.append(
                Finding(
                    severity: severity, kind: kind, credential: credential.name, organization: credential.organization,
                    version: version?.version, fingerprint: version?.fingerprint, policy: policy.name,
                    expiresAt: version?.expiresAt, daysLeft: version.map { now.wholeDays(until: $0.expiresAt) },
                    threshold: threshold, summary: summary))
        }

        let active = versions.last { $0.state == .active }
        if let active {
            let daysLeft = now.wholeDays(until: active.expiresAt)
            let expiry = active.expiresAt.dateString
            if active.expiresAt <= now {
                let ago = -daysLeft - (active.expiresAt == now ? 0 : 1)
                let when = ago <= 0 ? "today" : "\(ago) day\(ago == 1 ? "" : "s") ago"
                finding(.critical, .expired, active, threshold: 0, "expired \(when) (\(active.expiresAt.iso8601))")
            } else if let threshold = crossedThreshold(daysLeft: daysLeft, policy: policy) {
                let inDays = "expires in \(daysLeft) day\(daysLeft == 1 ? "" : "s") (\(expiry))"
                if daysLeft <= Int64(policy.criticalDays) {
                    finding(
                        .critical, .expiring, active, threshold: threshold,
                        "\(inDays), inside the critical window of \(policy.criticalDays) days")
                } else {
                    finding(
                        .warning, .expiring, active, threshold: threshold,
                        "\(inDays), past the \(threshold)-day warning")
                }
            }
            if let rotateAfter = policy.rotateAfter, active.expiresAt > now {
                let due = rotateAfter.after(active.createdAt)
                if due <= now {
                    finding(
                        .warning, .rotationDue, active,
                        "created \(active.createdAt.dateString); policy '\(policy.name)' rotates after \(rotateAfter) (due \(due.dateString))"
                    )
                }
            }
        } else {
            finding(
                .warning, .noActiveVersion, nil, "no active version: add one with 'patvault rotate \(credential.name)'")
        }

        for version in versions where version.state != .revoked {
            let latest = policy.latestExpiry(createdAt: version.createdAt)
            if version.expiresAt > latest {
                finding(
                    .critical, .policyViolation, version,
                    "v\(version.version) lives until \(version.expiresAt.dateString), beyond policy '\(policy.name)' (max_lifetime \(policy.maxLifetime): \(latest.dateString) at the latest)"
                )
            }
            let refused =
                scopeVerdicts?.disallowed(version.scopes, by: policy) ?? policy.disallowedScopes(version.scopes)
            if !refused.isEmpty {
                finding(
                    .critical, .policyViolation, version,
                    "v\(version.version) has scope\(refused.count == 1 ? "" : "s") \(refused.joined(separator: ",")) that policy '\(policy.name)' forbids"
                )
            }
            if version.state == .pendingRevocation, let replacedAt = version.replacedAt, version.expiresAt > now {
                let due = policy.revokeWithin.after(replacedAt)
                if due < now {
                    finding(
                        .critical, .revocationOverdue, version,
                        "v\(version.version) was replaced on \(replacedAt.dateString) and not revoked within \(policy.revokeWithin) (due \(due.iso8601))"
                    )
                }
            }
        }
        return findings
    }

    /// The smallest warning threshold at or above `daysLeft` (the milestone just crossed), or
    /// the critical window when no warning threshold is that low; nil when none is crossed.
    public static func crossedThreshold(daysLeft: Int64, policy: Policy) -> Int? {
        let crossed = policy.warnDays.filter { daysLeft <= Int64($0) }.min()
        if let crossed { return crossed }
        return daysLeft <= Int64(policy.criticalDays) ? policy.criticalDays : nil
    }
}

/// Remembers which scopes each policy refuses, per distinct scope list.
public final class ScopeVerdicts {
    private var verdicts: [String: [[String]: [String]]] = [:]

    public init() {}

    func disallowed(_ scopes: [String], by policy: Policy) -> [String] {
        if let known = verdicts[policy.name]?[scopes] { return known }
        let verdict = policy.disallowedScopes(scopes)
        verdicts[policy.name, default: [:]][scopes] = verdict
        return verdict
    }
}
