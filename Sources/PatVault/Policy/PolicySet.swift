#if canImport(Glibc)
    import Glibc
#endif

/// The policies in force: every `*.json` file of the policy folder, or the built-in default.
public struct PolicySet: Sendable {
    public var policies: [Policy]
    /// The folder they came from; nil for the built-in default.
    public var folder: String?

    public static let builtIn = PolicySet(policies: [Policy.builtInDefault], folder: nil)

    public init(policies: [Policy], folder: String?) {
        self.policies = policies
        self.folder = folder
    }

    /// The policy for an org: the one whose `orgs` pattern matches most specifically (an exact
    /// name beats any glob; among globs, more literal characters win; then the file name in
    /// order). An org no policy matches gets the built-in default (`fallback`).
    public func policy(forOrganization organization: String) -> Policy {
        let org = organization.lowercased()
        var best: (policy: Policy, score: (Int, Int))?
        for policy in policies {
            for pattern in policy.orgs where Glob.matches(pattern: pattern, org) {
                let score = Self.specificity(pattern)
                if let current = best, current.score >= score { continue }
                best = (policy, score)
            }
        }
        return best?.policy ?? fallback
    }

    /// What an org no policy matches gets: the built-in default, named `built-in` when a
    /// folder is in use, so it is never mistaken for that folder's own `default.json`.
    var fallback: Policy {
        var policy = Policy.builtInDefault
        if folder != nil { policy.name = "built-in" }
        return policy
    }

    static func specificity(_ pattern: String) -> (Int, Int) {
        let wildcards = pattern.filter { $0 == "*" || $0 == "?" }.count
        return (wildcards == 0 ? 1 : 0, pattern.count - wildcards)
    }

    /// Loads every `*.json` file of `folder`, in name order, collecting every problem. Two
    /// policies that claim the same org pattern are a problem too: the winner would be luck.
    public static func load(folder: String) throws(PolicyError) -> PolicySet {
        let (set, problems) = validate(folder: folder)
        guard problems.isEmpty, let set else {
            if problems.isEmpty { throw .folderNotFound(folder) }
            throw .invalid(problems)
        }
        return set
    }

    /// Like `load`, but returns the problems instead of throwing: for `policy validate`.
    public static func validate(folder: String) -> (PolicySet?, [PolicyProblem]) {
        guard let entries = Path.entries(of: folder) else { return (nil, []) }
        var names = entries.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") && $0 != "policy.schema.json" }
        names.sort()

        var policies: [Policy] = []
        var problems: [PolicyProblem] = []
        var claimed: [String: String] = [:]
        for name in names {
            let path = Path.join(folder, name)
            guard let bytes = Path.contents(of: path, limit: JSONParser.maximumBytes) else {
                problems.append(
                    PolicyProblem(file: path, field: "", message: "cannot be read, or is larger than 1 MiB"))
                continue
            }
            let (policy, fileProblems) = PolicyFile.parse(bytes, name: String(name.dropLast(5)), file: path)
            problems += fileProblems
            guard let policy else { continue }
            for pattern in policy.orgs {
                if let other = claimed[pattern] {
                    problems.append(
                        PolicyProblem(file: path, field: "orgs", message: "'\(pattern)' is also claimed by \(other)"))
                }
                claimed[pattern] = path
            }
            policies.append(policy)
        }
        return (PolicySet(policies: policies, folder: folder), problems)
    }
}
