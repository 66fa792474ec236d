/// The result of evaluating every credential: what `check` prints and exits with. It keeps
/// the findings and counts, not every credential, so memory stays flat at 100,000 credentials;
/// per-credential output is written as the credentials stream past.
public struct CheckReport: Sendable {
    /// The monitoring-plugin status, and the exit code that goes with it.
    public enum Status: Int32, Sendable, CustomStringConvertible {
        case ok = 0, warning = 1, critical = 2, unknown = 3

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
    public private(set) var findings: [Finding] = []
    public private(set) var counts: [Finding.Kind: Int] = [:]

    public init(at: Timestamp, ranAt: Timestamp) {
        self.at = at
        self.ranAt = ranAt
    }

    public mutating func add(_ status: CredentialStatus) {
        credentialCount += 1
        for finding in status.findings {
            findings.append(finding)
            counts[finding.kind, default: 0] += 1
        }
    }

    public var status: Status {
        switch findings.map(\.severity).max() {
        case .critical: return .critical
        case .warning: return .warning
        case nil: return .ok
        }
    }

    public func count(_ severity: Finding.Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// The metric names of the finding kinds, in report order.
    public static let kindOrder: [(Finding.Kind, String)] = [
        (.expired, "expired"), (.expiring, "expiring"), (.rotationDue, "rotation_due"),
        (.revocationOverdue, "revocation_overdue"), (.policyViolation, "policy_violation"),
        (.noActiveVersion, "no_active_version"),
    ]
}
