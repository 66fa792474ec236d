/// The body a webhook receives, in the shape its receiver expects.
enum WebhookPayload {
    static func body(_ event: AlertEvent, format: AlertHook.WebhookFormat) -> String {
        let headline = "[\(event.severity)] \(event.kind.rawValue): \(event.summary)"
        var object = JSONObjectBytes()
        switch format {
        case .generic:
            return String(decoding: event.json, as: UTF8.self)
        case .slack:
            object.field("text", headline)
        case .teams:
            object.field("@type", "MessageCard")
            object.field("@context", "https://schema.org/extensions")
            object.field(
                "themeColor",
                event.severity == "CRITICAL" ? "D32F2F" : event.severity == "WARNING" ? "F9A825" : "2E7D32")
            object.field("summary", headline)
            object.field("title", "patvault: \(event.kind.rawValue) \(event.credential)")
            object.field("text", event.summary)
        case .alertmanager:
            return alertmanager(event, headline: headline)
        }
        return String(decoding: object.finish(), as: UTF8.self)
    }

    /// An Alertmanager webhook document (version 4) with the event as its one firing alert.
    private static func alertmanager(_ event: AlertEvent, headline: String) -> String {
        let name =
            "PAT"
            + event.kind.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        var labels: [(String, JSONValue)] = [
            ("alertname", .string(name)), ("severity", .string(event.severity.lowercased())),
            ("credential", .string(event.credential)), ("org", .string(event.organization)),
            ("policy", .string(event.policy)),
        ]
        if let version = event.version { labels.append(("version", .string(String(version)))) }
        let annotations: JSONValue = .object([
            ("summary", .string(headline)), ("description", .string(event.summary)),
            ("event", .raw(event.json)),
        ])
        let key = "\(event.credential)/\(event.version ?? 0)/\(event.kind.rawValue)/\(event.threshold ?? -1)"
        let alert: JSONValue = .object([
            ("status", "firing"), ("labels", .object(labels)), ("annotations", annotations),
            ("startsAt", .string(event.at.iso8601)), ("endsAt", "0001-01-01T00:00:00Z"), ("generatorURL", ""),
            ("fingerprint", .string(event.fingerprint ?? "")),
        ])
        let document: JSONValue = .object([
            ("version", "4"), ("groupKey", .string(key)), ("truncatedAlerts", 0), ("status", "firing"),
            ("receiver", "patvault"), ("groupLabels", .object([("alertname", .string(name))])),
            ("commonLabels", .object(labels)), ("commonAnnotations", annotations), ("externalURL", ""),
            ("alerts", .array([alert])),
        ])
        return document.compact
    }
}
