/// Where a policy's alert events go: a program, a web endpoint, or syslog. Configured in the
/// policy's `alerts` array, so each org's warnings reach its own team.
public struct AlertHook: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Run `argv[0]` with the rest as arguments, no shell; the event JSON on stdin.
        case exec(argv: [String])
        /// POST the event to `url` in one of the payload shapes, with extra headers.
        case webhook(url: String, format: WebhookFormat, headers: [String: String])
        /// One line per event through syslog(3).
        case syslog(facility: String, tag: String)
    }

    public enum WebhookFormat: String, Sendable, CaseIterable {
        /// The event JSON as it is.
        case generic
        /// A Slack incoming-webhook message with the summary.
        case slack
        /// A Microsoft Teams message card with the summary.
        case teams
        /// An Alertmanager webhook document (version 4), for receivers that take those.
        case alertmanager
    }

    /// The hook's name, unique within its policy; deliveries are recorded under
    /// `policy/name`, so renaming a hook makes it a new one.
    public var name: String
    public var kind: Kind
    /// Seconds before the hook is given up on (and an exec child is killed).
    public var timeoutSeconds: Int
    /// The events this hook wants; nil for all.
    public var events: Set<String>?

    public var typeName: String {
        switch kind {
        case .exec: return "exec"
        case .webhook: return "webhook"
        case .syslog: return "syslog"
        }
    }

    /// syslog facilities by name, with their values from <syslog.h>.
    public static let facilities: [String: Int32] = [
        "user": 1 << 3, "daemon": 3 << 3, "auth": 4 << 3, "authpriv": 10 << 3, "local0": 16 << 3, "local1": 17 << 3,
        "local2": 18 << 3, "local3": 19 << 3, "local4": 20 << 3, "local5": 21 << 3, "local6": 22 << 3,
        "local7": 23 << 3,
    ]
}
