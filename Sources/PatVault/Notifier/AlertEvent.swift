/// One event for the alert hooks: a milestone of one credential version. Its JSON is stable
/// and documented in the README; it never holds a token.
public struct AlertEvent: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case expiryWarning = "expiry-warning"
        case expired
        case rotationDue = "rotation-due"
        case revocationOverdue = "revocation-overdue"
        case revocationConfirmed = "revocation-confirmed"
        case revocationFailed = "revocation-failed"
        case policyViolation = "policy-violation"
        case checkFailed = "check-failed"
    }

    public var kind: Kind
    /// `OK`, `WARNING`, `CRITICAL` or `UNKNOWN`.
    public var severity: String
    public var credential: String
    public var credentialID: Int64
    public var organization: String
    public var owner: String?
    public var version: Int?
    public var fingerprint: String?
    public var expiresAt: Timestamp?
    public var daysLeft: Int64?
    /// The days-left threshold of an `expiry-warning` (0 for `expired`); nil otherwise.
    public var threshold: Int?
    public var policy: String
    public var at: Timestamp
    public var summary: String

    /// The event a finding raises, if it raises one (`no-active-version` does not).
    public init?(_ finding: Finding, credential: Credential, at: Timestamp) {
        switch finding.kind {
        case .expired: kind = .expired
        case .expiring: kind = .expiryWarning
        case .rotationDue: kind = .rotationDue
        case .revocationOverdue: kind = .revocationOverdue
        case .policyViolation: kind = .policyViolation
        case .revocationFailed: kind = .revocationFailed
        case .revocationConfirmed: kind = .revocationConfirmed
        case .noActiveVersion, .probeInconclusive, .deliveryFailed: return nil
        }
        severity = finding.severity.description
        self.credential = finding.credential
        credentialID = credential.id
        organization = finding.organization
        owner = credential.owner
        version = finding.version
        fingerprint = finding.fingerprint
        expiresAt = finding.expiresAt
        daysLeft = finding.daysLeft
        threshold = finding.kind == .expiring || finding.kind == .expired ? finding.threshold : nil
        policy = finding.policy
        self.at = at
        summary =
            "\(finding.credential)\(finding.version.map { " v\($0)" } ?? "") (\(finding.organization)): \(finding.summary)"
    }

    /// `check` itself could not run (vault unreadable, policies invalid): sent on every failing
    /// run, and only to hooks that list `check-failed` in their `events`, since with the vault
    /// unreadable nothing can record that it was sent.
    public static func checkFailed(reason: String, policy: String, at: Timestamp) -> AlertEvent {
        AlertEvent(
            kind: .checkFailed, severity: "UNKNOWN", credential: "", credentialID: 0, organization: "", owner: nil,
            version: nil, fingerprint: nil, expiresAt: nil, daysLeft: nil, threshold: nil, policy: policy, at: at,
            summary: "patvault check failed: \(reason)")
    }

    init(
        kind: Kind, severity: String, credential: String, credentialID: Int64, organization: String, owner: String?,
        version: Int?, fingerprint: String?, expiresAt: Timestamp?, daysLeft: Int64?, threshold: Int?, policy: String,
        at: Timestamp, summary: String
    ) {
        self.kind = kind
        self.severity = severity
        self.credential = credential
        self.credentialID = credentialID
        self.organization = organization
        self.owner = owner
        self.version = version
        self.fingerprint = fingerprint
        self.expiresAt = expiresAt
        self.daysLeft = daysLeft
        self.threshold = threshold
        self.policy = policy
        self.at = at
        self.summary = summary
    }

    /// The milestone this event stands for, for one hook.
    public func key(hook: String) -> Delivery.Key {
        Delivery.Key(
            credentialID: credentialID, version: version ?? 0, event: kind.rawValue, threshold: threshold ?? -1,
            hook: hook)
    }

    /// The event document: event, severity, credential, org, owner, version, fingerprint,
    /// expires_at, days_left, threshold, policy, at, summary.
    public var json: [UInt8] {
        var object = JSONObjectBytes()
        object.field("event", kind.rawValue)
        object.field("severity", severity)
        object.field("credential", credential)
        object.field("org", organization)
        object.field("owner", owner)
        object.field("version", version)
        object.field("fingerprint", fingerprint)
        object.field("expires_at", expiresAt)
        object.field("days_left", daysLeft)
        object.field("threshold", threshold)
        object.field("policy", policy)
        object.field("at", at)
        object.field("summary", summary)
        return object.finish()
    }

    /// The event as `PATVAULT_*` environment variables for exec hooks.
    public var environment: [String: String] {
        var variables = [
            "PATVAULT_EVENT": kind.rawValue, "PATVAULT_SEVERITY": severity, "PATVAULT_CREDENTIAL": credential,
            "PATVAULT_ORG": organization, "PATVAULT_POLICY": policy, "PATVAULT_AT": at.iso8601,
            "PATVAULT_SUMMARY": summary,
        ]
        variables["PATVAULT_OWNER"] = owner
        variables["PATVAULT_VERSION"] = version.map(String.init)
        variables["PATVAULT_FINGERPRINT"] = fingerprint
        variables["PATVAULT_EXPIRES_AT"] = expiresAt?.iso8601
        variables["PATVAULT_DAYS_LEFT"] = daysLeft.map { String($0) }
        variables["PATVAULT_THRESHOLD"] = threshold.map(String.init)
        return variables
    }
}
