/// The tally of evaluating every credential: the status `check` exits with and the counts it
/// reports. It keeps counts, not findings or credentials, so memory stays flat at 100,000
/// credentials; the renderers write the details as the credentials stream past.
public struct CheckReport: Sendable {
    /// The monitoring-plugin status, and the exit code that goes with it.
    public enum Status: Int32, Sendable, CustomStringConvertible {
        case ok = 0
        case warning = 1
        case critical = 2
        case unknown = 3

        public var description: String {
            switch self {
            case .ok: return "OK"
            case .warning: return "WARNING"
            case .critical: return "CRITICAL"
            case .unknown: return "UNKNOWN"
            }
        }
    }

    /// The moment evaluated (the `--at` date of a forecast).
    public let at: Timestamp
    /// When the check actually ran.
    public let ranAt: Timestamp
    public private(set) var credentialCount = 0
    public private(set) var counts: [Finding.Kind: Int] = [:]
    private var severityCounts: [Finding.Severity: Int] = [:]

    public init(at: Timestamp, ranAt: Timestamp) {
        self.at = at
        self.ranAt = ranAt
    }

    public mutating func add(_ status: CredentialStatus) {
        credentialCount += 1
        for finding in status.findings {
            counts[finding.kind, default: 0] += 1
            severityCounts[finding.severity, default: 0] += 1
        }
    }

    /// A finding about the run rather than a credential (a failed delivery).
    public mutating func add(runFinding finding: Finding) {
        counts[finding.kind, default: 0] += 1
        severityCounts[finding.severity, default: 0] += 1
    }

    /// A probe could not reach Azure DevOps: the run could not determine everything it was
    /// asked to (UNKNOWN, unless something is CRITICAL anyway).
    public var probeUnreachable = false

    public var status: Status {
        if count(.critical) > 0 { return .critical }
        if probeUnreachable { return .unknown }
        if count(.warning) > 0 { return .warning }
        return .ok
    }

    public func count(_ severity: Finding.Severity) -> Int { severityCounts[severity] ?? 0 }

    /// The metric names of the finding kinds, in report order.
    public static let kindOrder: [(Finding.Kind, StaticString)] = [
        (.expired, "expired"), (.expiring, "expiring"), (.rotationDue, "rotation_due"),
        (.revocationOverdue, "revocation_overdue"), (.policyViolation, "policy_violation"),
        (.noActiveVersion, "no_active_version"), (.revocationFailed, "revocation_failed"),
        (.revocationConfirmed, "revocation_confirmed"), (.probeInconclusive, "probe_inconclusive"),
        (.deliveryFailed, "delivery_failed"),
    ]
}
