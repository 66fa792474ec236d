/// How one credential stands at a moment: its active version and the tracker's findings.
/// `list` prints one per row; `check` reports them all.
public struct CredentialStatus: Sendable {
    public let credential: Credential
    public let active: CredentialVersion?
    public let policy: String
    public let findings: [Finding]
    /// The active version's displayed state (`active`, `expired`), or `none-active`.
    public let state: String
    public let daysLeft: Int64?

    public init(
        credential: Credential, versions: [CredentialVersion], policy: Policy, now: Timestamp,
        scopeVerdicts: ScopeVerdicts? = nil
    ) {
        self.credential = credential
        self.policy = policy.name
        active = versions.last { $0.state == .active }
        state = active?.displayState(at: now) ?? "none-active"
        daysLeft = active.map { now.wholeDays(until: $0.expiresAt) }
        findings = Tracker.evaluate(
            credential: credential, versions: versions, policy: policy, now: now, scopeVerdicts: scopeVerdicts)
    }

    /// The worst severity among the findings; nil when there is nothing to say.
    public var severity: Finding.Severity? { findings.map(\.severity).max() }

    /// `ok`, or the kinds of the findings, most severe first (`expiring,rotation-due`).
    public var status: String {
        guard !findings.isEmpty else { return "ok" }
        var kinds: [String] = []
        for finding in findings.sorted(by: { $0.severity > $1.severity }) where !kinds.contains(finding.kind.rawValue) {
            kinds.append(finding.kind.rawValue)
        }
        return kinds.joined(separator: ",")
    }
}
