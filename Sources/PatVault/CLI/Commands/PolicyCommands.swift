/// `patvault policy show`: the policy in force for an org, or every policy.
struct PolicyShowCommand: Command {
    static let name = "policy show"
    static let summary = "print the policy in force for an org (or all policies)"
    static let help = """
        usage: patvault policy show [--org ORG] [--format text|json]

        Prints the effective policy for ORG (an org name or URL) with every field filled in,
        or, without --org, every policy of the policy folder. The folder is --policies,
        PATVAULT_POLICIES, $XDG_CONFIG_HOME/patvault/policies or /etc/patvault/policies, the
        first that is set; with none, the built-in default (the rules of policies/default.json).
        """
    static let options: [ParsedArguments.Option] = [.init("--org"), .init("--format")]

    let organization: String?
    let format: String

    init(_ arguments: ParsedArguments) throws {
        _ = try arguments.positionals()
        format = try Arguments.format(arguments, ["text", "json"])
        if let org = arguments.values["--org"] {
            organization = org.contains("://") ? try OrgURL(org).organization : org.lowercased()
        } else {
            organization = nil
        }
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        let set = try context.policies(globals)
        let policies = organization.map { [set.policy(forOrganization: $0)] } ?? set.policies
        let source = set.folder ?? "built-in default"
        if format == "json" {
            let items = policies.map(\.json)
            context.print((organization == nil ? JSONValue.array(items) : items[0]).pretty)
            return .success
        }
        var out =
            organization.map { "org \($0): policy '\(policies[0].name)' (from \(source))\n" }
            ?? "policies from \(source)\n"
        for policy in policies {
            out += "\n\(policy.name)\n" + policy.textLines.map { "  \($0)\n" }.joined()
        }
        context.standardOutput.write(out)
        return .success
    }
}

/// `patvault policy validate [DIR]`: every problem of every policy file.
struct PolicyValidateCommand: Command {
    static let name = "policy validate"
    static let summary = "check policy files; every error names file and field"
    static let help = """
        usage: patvault policy validate [DIR]

        Checks every *.json policy file in DIR (default: the policy folder in force) and
        prints one line per problem, naming the file, the field and what is wrong. Exit 0 if
        all are valid, 65 if any is not, 66 if DIR does not exist.
        """
    static let options: [ParsedArguments.Option] = []

    let folder: String?

    init(_ arguments: ParsedArguments) throws {
        guard arguments.positionals.count <= 1 else {
            throw UsageError("policy validate takes one folder", command: Self.name)
        }
        folder = arguments.positionals.first
    }

    func run(_ context: CommandContext, _ globals: GlobalOptions) throws -> ExitCode {
        guard let folder = folder ?? Locations.policies(flag: globals.policies, environment: context.environment) else {
            context.print("no policy folder: the built-in default policy is in force, and it is valid")
            return .success
        }
        let (set, problems) = PolicySet.validate(folder: folder)
        guard let set else { throw PolicyError.folderNotFound(folder) }
        for problem in problems { context.standardError.write("patvault: \(problem)\n") }
        guard problems.isEmpty else { return .dataError }
        let names = set.policies.map(\.name).joined(separator: ", ")
        context.print(
            "\(folder): \(set.policies.count) polic\(set.policies.count == 1 ? "y" : "ies") valid\(names.isEmpty ? "" : " (\(names))")"
        )
        return .success
    }
}

extension Policy {
    /// The effective policy as JSON, in the policy file format with every field present.
    var json: JSONValue {
        .object([
            ("name", .string(name)), ("orgs", JSONValue(orgs)), ("max_lifetime", .string(maxLifetime.description)),
            ("rotate_after", JSONValue(rotateAfter?.description)),
            ("warn_days", .array(warnDays.map { .integer(Int64($0)) })),
            ("critical_days", .integer(Int64(criticalDays))), ("revoke_within", .string(revokeWithin.description)),
            ("allowed_scopes", allowedScopes.map(JSONValue.init) ?? .null),
            ("forbidden_scopes", JSONValue(forbiddenScopes)),
        ])
    }

    var textLines: [String] {
        [
            "orgs:             \(orgs.joined(separator: ", "))",
            "max_lifetime:     \(maxLifetime)",
            "rotate_after:     \(rotateAfter?.description ?? "never")",
            "warn_days:        \(warnDays.map(String.init).joined(separator: ", "))",
            "critical_days:    \(criticalDays)",
            "revoke_within:    \(revokeWithin)",
            "allowed_scopes:   \(allowedScopes?.joined(separator: ",") ?? "any not forbidden")",
            "forbidden_scopes: \(forbiddenScopes.joined(separator: ","))",
        ]
    }
}
