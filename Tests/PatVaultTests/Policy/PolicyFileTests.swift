import PatVaultTestSupport
import Testing

@testable import PatVault

@Suite struct PolicyFileTests {
    static var repositoryPolicies: String {
        var path = #filePath
        for _ in 0..<4 { path = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)]) }
        return path + "/policies"
    }

    func parse(_ text: String, name: String = "p") -> (Policy?, [PolicyProblem]) {
        PolicyFile.parse(Array(text.utf8), name: name, file: "\(name).json")
    }

    /// The built-in default and `policies/default.json` must never drift apart.
    @Test func repositoryDefaultEqualsTheBuiltInDefault() throws {
        let set = try PolicySet.load(folder: Self.repositoryPolicies)
        #expect(set.policies == [Policy.builtInDefault])
    }

    @Test func repositoryExamplesAreValid() throws {
        let set = try PolicySet.load(folder: Self.repositoryPolicies + "/examples")
        #expect(set.policies.map(\.name) == ["strict", "wiki-only"])
        let strict = set.policy(forOrganization: "contoso")
        #expect(strict.maxLifetime == Lifetime(count: 90, unit: .days))
        #expect(strict.rotateAfter == Lifetime(count: 30, unit: .days))
        #expect(strict.allowedScopes == Scope.readOnly)
        #expect(set.policy(forOrganization: "fabrikam").rotateAfter == nil)
    }

    @Test func omittedFieldsTakeTheDefaults() throws {
        let (policy, problems) = parse(#"{"orgs": ["contoso"], "critical_days": 3}"#)
        #expect(problems.isEmpty)
        var expected = Policy.builtInDefault
        expected.name = "p"
        expected.orgs = ["contoso"]
        expected.criticalDays = 3
        #expect(policy == expected)
    }

    @Test(arguments: [
        (#"{"orgs": ["*"], "max_lifetime": "400d"}"#, "max_lifetime", "longer than the Azure DevOps maximum"),
        (#"{"orgs": ["*"], "max_lifetime": "13m"}"#, "max_lifetime", "longer than"),
        (#"{"orgs": ["*"], "max_lifetime": "2y"}"#, "max_lifetime", "longer than"),
        (#"{"orgs": ["*"], "max_lifetime": 90}"#, "max_lifetime", "must be a duration string"),
        (#"{"orgs": ["*"], "rotate_after": "soon"}"#, "rotate_after", "is not a duration"),
        (#"{"orgs": ["*"], "warn_days": [30, 30]}"#, "warn_days[1]", "listed twice"),
        (#"{"orgs": ["*"], "warn_days": [0]}"#, "warn_days[0]", "from 1 to 366"),
        (#"{"orgs": ["*"], "warn_days": "30"}"#, "warn_days", "must be an array"),
        (#"{"orgs": ["*"], "critical_days": -1}"#, "critical_days", "from 0 to 366"),
        (#"{"orgs": ["*"], "critical_days": 99999999999999999999}"#, "", "too large"),
        (#"{"orgs": ["*"], "allowed_scopes": ["VSO.CODE"]}"#, "allowed_scopes[0]", "not a scope"),
        (#"{"orgs": ["*"], "forbidden_scopes": [7]}"#, "forbidden_scopes[0]", "must be a string"),
        (#"{"orgs": ["con toso"]}"#, "orgs[0]", "not an org name"),
        (#"{"orgs": []}"#, "orgs", "non-empty"),
        (#"{"max_lifetime": "90d"}"#, "orgs", "is required"),
        (#"{"orgs": ["*"], "max_lifetme": "90d"}"#, "max_lifetme", "unknown field"),
        (#"["orgs"]"#, "", "must be a JSON object"),
        (#"{"orgs": ["*"],}"#, "", "line 1, column"),
        ("{\"orgs\": [\"*\"],\n  \"warn_days\": [1, 2.5]}", "", "line 2, column 21: only whole numbers"),
        (#"{"orgs": ["*"], "orgs": ["x"]}"#, "", "appears twice"),
    ])
    func invalidFieldsAreNamed(text: String, field: String, message: String) {
        let (policy, problems) = parse(text)
        #expect(policy == nil)
        let problem = problems.first
        #expect(problem?.file == "p.json")
        #expect(problem?.field == field, "\(problems)")
        #expect(problem?.message.contains(message) == true, "\(problems)")
    }

    @Test func hostileDocumentsAreRefusedNotCrashedOn() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(parse(deep).1.first?.message.contains("nesting deeper") == true)
        let invalidUTF8: [UInt8] = Array(#"{"orgs": [""#.utf8) + [0xFF, 0xFE] + Array(#""]}"#.utf8)
        #expect(PolicyFile.parse(invalidUTF8, name: "p", file: "p.json").1.first?.message.contains("UTF-8") == true)
        #expect(parse("").1.first?.message.contains("ends") == true)
        #expect(parse("{\"orgs\": [\"a\u{0001}\"]}").1.first?.message.contains("control character") == true)
    }

    @Test func mostSpecificOrgPatternWins() {
        func policy(_ name: String, _ orgs: [String]) -> Policy {
            var policy = Policy.builtInDefault
            policy.name = name
            policy.orgs = orgs
            return policy
        }
        let set = PolicySet(
            policies: [
                policy("all", ["*"]), policy("contoso-any", ["contoso-*"]), policy("contoso-eu", ["contoso-eu*"]),
                policy("exact", ["contoso-eu-1"]),
            ], folder: nil)
        #expect(set.policy(forOrganization: "fabrikam").name == "all")
        #expect(set.policy(forOrganization: "contoso-us").name == "contoso-any")
        #expect(set.policy(forOrganization: "Contoso-EU-2").name == "contoso-eu")
        #expect(set.policy(forOrganization: "contoso-eu-1").name == "exact")
        #expect(
            PolicySet(policies: [policy("only", ["x"])], folder: nil).policy(forOrganization: "y") == .builtInDefault)
        let fromFolder = PolicySet(policies: [policy("default", ["x"])], folder: "/p").policy(forOrganization: "y")
        #expect(fromFolder.name == "built-in")
    }

    @Test func twoFilesClaimingOneOrgAreAProblem() throws {
        let directory = TemporaryDirectory()
        TemporaryDirectory.write(Array(#"{"orgs": ["contoso"]}"#.utf8), to: directory.file("a.json"))
        TemporaryDirectory.write(Array(#"{"orgs": ["contoso", "x"]}"#.utf8), to: directory.file("b.json"))
        #expect(
            throws: PolicyError.invalid([
                PolicyProblem(
                    file: directory.file("b.json"), field: "orgs",
                    message: "'contoso' is also claimed by \(directory.file("a.json"))")
            ])
        ) {
            try PolicySet.load(folder: directory.path)
        }
        #expect(throws: PolicyError.folderNotFound(directory.file("none"))) {
            try PolicySet.load(folder: directory.file("none"))
        }
    }
}
