/// The record of delivering one alert event to one hook: the unit of "exactly once per
/// milestone". A failed delivery is retried on the next run while its event is still due.
public struct Delivery: Equatable, Sendable {
    public enum State: String, Sendable {
        case delivered
        case failed
    }

    /// What makes a milestone: the version, the event, its threshold (-1 for none), the hook.
    public struct Key: Hashable, Sendable {
        public var credentialID: Int64
        public var version: Int
        public var event: String
        public var threshold: Int
        public var hook: String
    }

    public var key: Key
    public var state: State
    public var attempts: Int
    public var firstAttemptAt: Timestamp
    public var lastAttemptAt: Timestamp
    public var deliveredAt: Timestamp?
    /// The hook's last failure in one line (exit status, HTTP status, time-out); never a secret.
    public var lastError: String?
}
