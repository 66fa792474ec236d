/// Reads one policy file (JSON, see `policies/policy.schema.json`) into a `Policy`, collecting
/// every problem with its field rather than stopping at the first.
///
/// Fields left out take the built-in default's values, so a policy states only what it
/// changes; unknown fields are errors, so a misspelt field is never silently ignored.
public enum PolicyFile {
    static let knownFields: Set<String> = [
        "$schema", "comment", "description", "orgs", "max_lifetime", "rotate_after", "warn_days", "critical_days",
        "revoke_within", "allowed_scopes", "forbidden_scopes", "alerts",
    ]

    /// Parses `bytes` as the policy `name`; `file` names it in problems.
    public static func parse(_ bytes: [UInt8], name: String, file: String) -> (Policy?, [PolicyProblem]) {
        var problems: [PolicyProblem] = []
        func problem(_ field: String, _ message: String) {
            problems.append(PolicyProblem(file: file, field: field, message: message))
        }

        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return (nil, [PolicyProblem(file: file, field: "", message: "not valid JSON: \(error)")])
        }
        guard case .object(let members) = document else {
            return (nil, [PolicyProblem(file: file, field: "", message: "must be a JSON object")])
        }
        var fields: [String: JSONValue] = [:]
        for (key, value) in members {
            guard knownFields.contains(key) else {
                problem(
                    key,
                    "unknown field (known: \(knownFields.sorted().filter { !$0.hasPrefix("$") }.joined(separator: ", ")))"
                )
                continue
            }
            fields[key] = value
        }

        var policy = Policy.builtInDefault
        policy.name = name

        for field in ["comment", "description", "$schema"] {
            if let value = fields[field], case .string = value {
            } else if fields[field] != nil {
                problem(field, "must be a string")
            }
        }

        if let value = fields["orgs"] {
            if let patterns = strings(value, field: "orgs", problem: problem), !patterns.isEmpty {
                for (index, pattern) in patterns.enumerated() where !isOrgPattern(pattern) {
                    problem(
                        "orgs[\(index)]",
                        "'\(pattern.prefix(64))' is not an org name or glob (letters, digits, '-', '*', '?')")
                }
                policy.orgs = patterns.map { $0.lowercased() }
            } else {
                problem("orgs", "must be a non-empty array of org names or globs")
            }
        } else {
            problem("orgs", "is required: the org names or globs this policy applies to (\"*\" for all)")
        }

        if let value = fields["max_lifetime"], let lifetime = lifetime(value, field: "max_lifetime", problem: problem) {
            if lifetime.fitsInOneYear {
                policy.maxLifetime = lifetime
            } else {
                problem(
                    "max_lifetime",
                    "\(lifetime) is longer than the Azure DevOps maximum of one year; a policy may only tighten it")
            }
        }
        if let value = fields["rotate_after"] {
            if case .null = value {
                policy.rotateAfter = nil
            } else if let lifetime = lifetime(value, field: "rotate_after", problem: problem) {
                policy.rotateAfter = lifetime
            }
        }
        if let value = fields["revoke_within"], let lifetime = lifetime(value, field: "revoke_within", problem: problem)
        {
            policy.revokeWithin = lifetime
        }
        if let value = fields["warn_days"] {
            if case .array(let items) = value {
                var days: [Int] = []
                for (index, item) in items.enumerated() {
                    guard case .integer(let number) = item, (1...366).contains(number) else {
                        problem("warn_days[\(index)]", "must be a whole number of days from 1 to 366")
                        continue
                    }
                    if days.contains(Int(number)) {
                        problem("warn_days[\(index)]", "\(number) is listed twice")
                    }
                    days.append(Int(number))
                }
                policy.warnDays = days.sorted(by: >)
            } else {
                problem("warn_days", "must be an array of whole numbers of days, e.g. [30, 14, 7, 1]")
            }
        }
        if let value = fields["critical_days"] {
            if case .integer(let number) = value, (0...366).contains(number) {
                policy.criticalDays = Int(number)
            } else {
                problem("critical_days", "must be a whole number of days from 0 to 366")
            }
        }
        if let value = fields["allowed_scopes"] {
            if case .null = value {
                policy.allowedScopes = nil
            } else if let scopes = strings(value, field: "allowed_scopes", problem: problem) {
                checkScopePatterns(scopes, field: "allowed_scopes", problem: problem)
                policy.allowedScopes = scopes
            }
        }
        if let value = fields["forbidden_scopes"],
            let scopes = strings(value, field: "forbidden_scopes", problem: problem)
        {
            checkScopePatterns(scopes, field: "forbidden_scopes", problem: problem)
            policy.forbiddenScopes = scopes
        }
        if let value = fields["alerts"] {
            if case .array(let items) = value {
                for (index, item) in items.enumerated() {
                    if let hook = AlertHookFile.parse(item, field: "alerts[\(index)]", problem: problem) {
                        if policy.alerts.contains(where: { $0.name == hook.name }) {
                            problem("alerts[\(index)].name", "'\(hook.name)' names another hook of this policy too")
                        }
                        policy.alerts.append(hook)
                    }
                }
            } else {
                problem("alerts", "must be an array of hooks")
            }
        }
        return (problems.isEmpty ? policy : nil, problems)
    }

    private static func strings(_ value: JSONValue, field: String, problem: (String, String) -> Void) -> [String]? {
        guard case .array(let items) = value else {
            problem(field, "must be an array of strings")
            return nil
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else {
                problem("\(field)[\(index)]", "must be a string")
                continue
            }
            result.append(text)
        }
        return result
    }

    private static func lifetime(_ value: JSONValue, field: String, problem: (String, String) -> Void) -> Lifetime? {
        guard case .string(let text) = value else {
            problem(field, "must be a duration string such as \"90d\", \"12w\", \"6m\" or \"1y\"")
            return nil
        }
        do {
            return try Lifetime.parse(text)
        } catch {
            problem(field, error.description)
            return nil
        }
    }

    private static func checkScopePatterns(_ scopes: [String], field: String, problem: (String, String) -> Void) {
        for (index, scope) in scopes.enumerated() {
            let literal = scope.replacingAll("*", with: "a").replacingAll("?", with: "a")
            if !Scope.isWellFormed(literal.lowercased()) || scope != scope.lowercased() {
                problem(
                    "\(field)[\(index)]",
                    "'\(scope.prefix(64))' is not a scope identifier or glob (lower case, e.g. vso.code or *_write)")
            }
        }
    }

    static func isOrgPattern(_ pattern: String) -> Bool {
        let literal = pattern.replacingAll("*", with: "a").replacingAll("?", with: "a")
        return OrgURL.isOrgName(literal) || (!pattern.isEmpty && pattern.allSatisfy { $0 == "*" || $0 == "?" })
    }
}

extension Lifetime {
    /// Whether this lifetime never exceeds one calendar year, from any start.
    var fitsInOneYear: Bool {
        switch unit {
        case .days: return count <= 365
        case .weeks: return count <= 52
        case .months: return count <= 12
        case .years: return count <= 1
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
