/// Reads one entry of a policy's `alerts` array, naming every problem by its field.
enum AlertHookFile {
    static let fieldsByType: [String: Set<String>] = [
        "exec": ["type", "name", "argv", "timeout_seconds", "events"],
        "webhook": ["type", "name", "url", "format", "headers", "timeout_seconds", "events"],
        "syslog": ["type", "name", "facility", "tag", "events"],
    ]

    static func parse(_ value: JSONValue, field: String, problem: (String, String) -> Void) -> AlertHook? {
        guard case .object(let members) = value else {
            problem(field, "must be an object with a \"type\": exec, webhook or syslog")
            return nil
        }
        var fields: [String: JSONValue] = [:]
        for (key, value) in members { fields[key] = value }
        guard case .string(let type)? = fields["type"], let known = fieldsByType[type] else {
            problem("\(field).type", "must be \"exec\", \"webhook\" or \"syslog\"")
            return nil
        }
        var valid = true
        func fail(_ name: String, _ message: String) {
            problem("\(field).\(name)", message)
            valid = false
        }
        for key in fields.keys.sorted() where !known.contains(key) {
            fail(key, "unknown field for a \(type) hook (known: \(known.sorted().joined(separator: ", ")))")
        }

        var name = type
        if let value = fields["name"] {
            if case .string(let text) = value, isHookName(text) {
                name = text
            } else {
                fail("name", "must be 1 to 64 letters, digits, '.', '_' or '-'")
            }
        }
        var timeout = type == "webhook" ? 10 : 30
        if let value = fields["timeout_seconds"] {
            if case .integer(let seconds) = value, (1...600).contains(seconds) {
                timeout = Int(seconds)
            } else {
                fail("timeout_seconds", "must be a whole number of seconds from 1 to 600")
            }
        }
        var events: Set<String>?
        if let value = fields["events"] {
            let known = Set(AlertEvent.Kind.allCases.map(\.rawValue))
            if case .array(let items) = value, !items.isEmpty {
                events = []
                for (index, item) in items.enumerated() {
                    guard case .string(let event) = item, known.contains(event) else {
                        fail("events[\(index)]", "must be one of \(known.sorted().joined(separator: ", "))")
                        continue
                    }
                    events?.insert(event)
                }
            } else {
                fail("events", "must be a non-empty array of event names")
            }
        }

        let kind: AlertHook.Kind
        switch type {
        case "exec":
            guard case .array(let items)? = fields["argv"], !items.isEmpty,
                case let argv = items.compactMap({ item -> String? in
                    if case .string(let text) = item { return text } else { return nil }
                }),
                argv.count == items.count
            else {
                fail("argv", "must be a non-empty array of strings: the program and its arguments (no shell)")
                return nil
            }
            guard argv[0].hasPrefix("/") else {
                fail("argv[0]", "must be an absolute path, so the program run does not depend on PATH")
                return nil
            }
            kind = .exec(argv: argv)
        case "webhook":
            guard case .string(let url)? = fields["url"] else {
                fail("url", "is required: the https:// address to POST events to")
                return nil
            }
            guard let reason = webhookURLProblem(url) else {
                var format = AlertHook.WebhookFormat.generic
                if let value = fields["format"] {
                    if case .string(let text) = value, let known = AlertHook.WebhookFormat(rawValue: text) {
                        format = known
                    } else {
                        fail(
                            "format",
                            "must be one of \(AlertHook.WebhookFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                    }
                }
                var headers: [String: String] = [:]
                if let value = fields["headers"] {
                    if case .object(let pairs) = value {
                        for (header, value) in pairs {
                            guard case .string(let text) = value, isHeaderName(header),
                                !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
                            else {
                                fail("headers.\(header)", "must be a header name with a one-line string value")
                                continue
                            }
                            headers[header] = text
                        }
                    } else {
                        fail("headers", "must be an object of header names and string values")
                    }
                }
                kind = .webhook(url: url, format: format, headers: headers)
                break
            }
            fail("url", reason)
            return nil
        default:
            var facility = "user"
            if let value = fields["facility"] {
                if case .string(let text) = value, AlertHook.facilities[text] != nil {
                    facility = text
                } else {
                    fail("facility", "must be one of \(AlertHook.facilities.keys.sorted().joined(separator: ", "))")
                }
            }
            var tag = "patvault"
            if let value = fields["tag"] {
                if case .string(let text) = value, isHookName(text) {
                    tag = text
                } else {
                    fail("tag", "must be 1 to 64 letters, digits, '.', '_' or '-'")
                }
            }
            kind = .syslog(facility: facility, tag: tag)
        }
        return valid ? AlertHook(name: name, kind: kind, timeoutSeconds: timeout, events: events) : nil
    }

    /// Why a webhook URL is refused: https only, except plain http to a loopback host.
    static func webhookURLProblem(_ url: String) -> String? {
        guard url.utf8.count <= 2048,
            url.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7f })
        else {
            return "must be a URL without spaces, up to 2048 characters"
        }
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") && lowered.count > 8 { return nil }
        if lowered.hasPrefix("http://") {
            let rest = lowered.dropFirst(7)
            let hostPort = String(rest.prefix { $0 != "/" && $0 != "?" })
            if OrgURL.isLoopback(OrgURL.host(ofHostPort: hostPort)) { return nil }
            return "must use https (plain http is allowed only to a loopback host)"
        }
        return "must start with https://"
    }

    static func isHookName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2E || $0 == 0x5F
                    || $0 == 0x2D
            }
    }

    static func isHeaderName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D || $0 == 0x5F
            }
    }
}
