import PatVaultTestSupport
import Testing

@testable import PatVault

@Suite struct TokenShapeTests {
    @Test func acceptsBothPATShapes() throws {
        #expect(
            try TokenShape.validate(LookAlikeToken.secure(LookAlikeToken.classic()), allowAnyFormat: false) == .classic)
        #expect(
            try TokenShape.validate(LookAlikeToken.secure(LookAlikeToken.identifiable()), allowAnyFormat: false)
                == .identifiable)
        #expect(
            try TokenShape.validate(LookAlikeToken.secure(LookAlikeToken.identifiableLong()), allowAnyFormat: false)
                == .identifiable)
    }

    @Test func refusesEmptyWhitespaceAndControlCharacters() {
        let classic = LookAlikeToken.classic()
        #expect(throws: InputError.emptyToken) {
            try TokenShape.validate(LookAlikeToken.secure(""), allowAnyFormat: true)
        }
        #expect(throws: InputError.tokenHasWhitespace(offset: 3)) {
            try TokenShape.validate(LookAlikeToken.secure("abc def"), allowAnyFormat: true)
        }
        #expect(throws: InputError.tokenHasWhitespace(offset: 10)) {
            try TokenShape.validate(
                LookAlikeToken.secure(String(classic.prefix(10)) + "\u{0}" + classic.dropFirst(11)),
                allowAnyFormat: true)
        }
        #expect(throws: InputError.tokenHasWhitespace(offset: 0)) {
            try TokenShape.validate(LookAlikeToken.secure("\t" + classic), allowAnyFormat: true)
        }
    }

    @Test(arguments: [
        String(repeating: "a", count: 51), String(repeating: "a", count: 53),
        String(repeating: "A", count: 52), String(repeating: "a", count: 51) + "1", String(repeating: "x", count: 84),
    ])
    func refusesOtherShapesUnlessAnyFormat(text: String) throws {
        #expect(throws: InputError.tokenNotPATShaped(length: text.count)) {
            try TokenShape.validate(LookAlikeToken.secure(text), allowAnyFormat: false)
        }
        #expect(try TokenShape.validate(LookAlikeToken.secure(text), allowAnyFormat: true) == .other)
    }

    @Test func identifiableNeedsItsSignatures() {
        var token = Array(LookAlikeToken.identifiable())
        token[77] = "X"  // inside AZDO
        #expect(throws: InputError.self) {
            try TokenShape.validate(LookAlikeToken.secure(String(token)), allowAnyFormat: false)
        }
    }
}

@Suite struct OrgURLTests {
    @Test(arguments: [
        ("https://dev.azure.com/contoso", "https://dev.azure.com/contoso", "contoso"),
        ("https://dev.azure.com/Contoso/", "https://dev.azure.com/Contoso", "contoso"),
        ("HTTPS://DEV.AZURE.COM/fabrikam", "https://dev.azure.com/fabrikam", "fabrikam"),
        ("https://contoso.visualstudio.com", "https://contoso.visualstudio.com", "contoso"),
        ("http://127.0.0.1:8080/contoso", "http://127.0.0.1:8080/contoso", "contoso"),
        ("http://localhost:9/org-1", "http://localhost:9/org-1", "org-1"),
    ])
    func accepts(input: String, url: String, org: String) throws {
        let parsed = try OrgURL(input)
        #expect(parsed.url == url)
        #expect(parsed.organization == org)
    }

    @Test(arguments: [
        "", "dev.azure.com/contoso", "http://dev.azure.com/contoso", "https://dev.azure.com/",
        "https://dev.azure.com/a/b", "https://evil.example/contoso", "https://dev.azure.com:444/contoso",
        "https://user@dev.azure.com/contoso", "https://dev.azure.com/contoso?x=1", "ftp://dev.azure.com/contoso",
        "https://dev.azure.com/con toso", "https://dev.azure.com/-bad", "https://visualstudio.com",
    ])
    func refuses(input: String) {
        #expect(throws: InputError.self) { try OrgURL(input) }
    }
}

@Suite struct CredentialNameTests {
    @Test(arguments: ["a", "sonar", "team-a/sonar.ci_1", String(repeating: "n", count: 128)])
    func accepts(name: String) throws { #expect(try CredentialName(name).value == name) }

    @Test(arguments: [
        "", String(repeating: "n", count: 129), "/etc/passwd", "a/../b", "..", ".", "a//b", "a/", "a b", "naïve",
        "a\nb", "--org", "a;b", "$(x)",
    ])
    func refuses(name: String) {
        #expect(throws: InputError.badName(name)) { try CredentialName(name) }
    }
}

@Suite struct ScopeTests {
    @Test func parsesTrimsAndDeduplicates() throws {
        #expect(try Scope.parseList("vso.code, VSO.work,vso.code") == ["vso.code", "vso.work"])
    }

    @Test(arguments: ["", "vso.code,,vso.work", "vso code", "vso.code;drop"])
    func refusesMalformed(text: String) {
        #expect(throws: InputError.self) { try Scope.parseList(text) }
    }

    @Test(arguments: [
        "vso.code_write", "vso.code_manage", "vso.code_full", "vso.build_execute", "vso.code_status",
        "vso.packaging_publish", "vso.tokens", "vso.tokenadministration", "app_token", "user_impersonation",
        "vso.connected_server", "vso.agentpools_use",
    ])
    func privilegedScopesAreForbiddenByDefault(scope: String) {
        #expect(Policy.builtInDefault.disallowedScopes([scope]) == [scope])
    }

    @Test func readOnlyScopesAreAllowedByDefault() {
        #expect(Policy.builtInDefault.disallowedScopes(Scope.readOnly).isEmpty)
    }
}

@Suite struct AdmissionTests {
    let policy = Policy.builtInDefault

    @Test func oneCalendarYearFromALeapDayEndsOnTheTwentyEighth() throws {
        let created = try DateParser.parse("2028-02-29")
        let now = try DateParser.parse("2028-03-01")
        _ = try policy.admit(
            createdAt: created, expiresAt: try DateParser.parse("2029-02-28"), scopes: Scope.readOnly, now: now)
        #expect(throws: InputError.self) {
            try policy.admit(
                createdAt: created, expiresAt: try DateParser.parse("2029-02-28T00:00:01Z"), scopes: Scope.readOnly,
                now: now)
        }
    }

    @Test func stricterPolicyMaxLifetimeApplies() throws {
        var strict = policy
        strict.name = "strict"
        strict.maxLifetime = Lifetime(count: 90, unit: .days)
        let now = try DateParser.parse("2027-01-01")
        _ = try strict.admit(
            createdAt: now, expiresAt: try DateParser.parse("2027-04-01"), scopes: Scope.readOnly, now: now)
        #expect(
            throws: InputError.lifetimeTooLong(
                latest: try DateParser.parse("2027-04-01"), limit: "max_lifetime 90d of policy 'strict'")
        ) {
            try strict.admit(
                createdAt: now, expiresAt: try DateParser.parse("2027-04-02"), scopes: Scope.readOnly, now: now)
        }
    }

    @Test func pastExpiryAndFutureCreationAreRefused() throws {
        let now = try DateParser.parse("2027-01-01")
        #expect(throws: InputError.self) {
            try policy.admit(
                createdAt: try DateParser.parse("2026-06-01"), expiresAt: try DateParser.parse("2026-12-31"),
                scopes: Scope.readOnly, now: now)
        }
        #expect(throws: InputError.createdInFuture(try DateParser.parse("2027-02-01"))) {
            try policy.admit(
                createdAt: try DateParser.parse("2027-02-01"), expiresAt: try DateParser.parse("2027-03-01"),
                scopes: Scope.readOnly, now: now)
        }
    }
}
