/// Something about a credential that needs attention, as the tracker sees it at one moment.
public struct Finding: Equatable, Sendable {
    public enum Severity: Int, Comparable, Sendable, CustomStringConvertible {
        /// News that needs no action (a revocation confirmed): reported, never raises the status.
        case ok = 0
        case warning = 1
        case critical = 2

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .ok: return "OK"
            case .warning: return "WARNING"
            case .critical: return "CRITICAL"
            }
        }
    }

    public enum Kind: String, Sendable, CaseIterable {
        /// The active version's expiry has passed.
        case expired
        /// The active version is inside a warning window, or the critical window.
        case expiring
        /// The active version is older than the policy's `rotate_after`.
        case rotationDue = "rotation-due"
        /// A version's lifetime or scopes break the policy in force now.
        case policyViolation = "policy-violation"
        /// A replaced version was not revoked within `revoke_within`.
        case revocationOverdue = "revocation-overdue"
        /// The credential has no active version.
        case noActiveVersion = "no-active-version"
        /// A probe found a replaced token still authenticating with Azure DevOps.
        case revocationFailed = "revocation-failed"
        /// A probe found a replaced token rejected: it is revoked (and now recorded so).
        case revocationConfirmed = "revocation-confirmed"
        /// A probe could not tell (network failure, time-out, unexpected answer).
        case probeInconclusive = "probe-inconclusive"
        /// An alert hook failed to take an event; it is retried on the next run.
        case deliveryFailed = "delivery-failed"
    }

    public var severity: Severity
    public var kind: Kind
    public var credential: String
    public var organization: String
    public var version: Int?
    public var fingerprint: String?
    public var policy: String
    public var expiresAt: Timestamp?
    public var daysLeft: Int64?
    /// The warning threshold (days) crossed, for `expiring` and `expired`.
    public var threshold: Int?
    /// One human sentence, e.g. "expires in 5 days (2027-01-20), inside the critical window".
    public var summary: String
}
