import Foundation
import PatVault
import PatVaultTestSupport
import Testing

/// `revoke --probe` and `check --probe` against a stand-in Azure DevOps on 127.0.0.1.
@Suite struct ProbeTests {
    let harness = PatvaultHarness()

    /// A credential at the stand-in org, rotated once: v1 pending revocation, v2 active.
    func rotatedCredential(_ azure: StandInAzureDevOps) -> (old: String, new: String) {
        harness.initialise()
        harness.now = "2027-01-01T00:00:00Z"
        let old = harness.add("sonar", org: azure.orgURL(), extra: ["--lifetime", "90d"])
        let new = LookAlikeToken.classic()
        #expect(harness.run(["rotate", "sonar", "--lifetime", "90d"], input: new).status == 0)
        azure.accept(old)
        azure.accept(new)
        harness.now = "2027-01-02T00:00:00Z"
        return (old, new)
    }

    @Test func revokeProbeRecordsWhatAzureDevOpsSays() throws {
        let azure = try StandInAzureDevOps()
        let (old, new) = rotatedCredential(azure)

        let stillValid = harness.run(["revoke", "sonar", "--probe"])
        #expect(stillValid.status == 75, "\(stillValid)")
        #expect(stillValid.output.contains("still authenticates (HTTP 200"))
        #expect(harness.run(["get", "sonar", "--previous"]).output == old + "\n")  // nothing changed

        let request = try #require(azure.server.requests.last)
        #expect(request.path == "/contoso/_apis/connectionData")
        #expect(request.headers["accept"] == "application/json")
        #expect(request.headers["x-tfs-fedauthredirect"] == "Suppress")
        #expect(request.headers["authorization"] == "Basic " + Data((":" + old).utf8).base64EncodedString())

        azure.revoke(old)
        let revoked = harness.run(["revoke", "sonar", "--probe"])
        #expect(revoked.status == 0, "\(revoked)")
        #expect(revoked.output.contains("Azure DevOps rejected it (HTTP 401"))
        #expect(harness.run(["get", "sonar", "--previous"]).status == 66)  // erased
        #expect(harness.run(["get", "sonar"]).output == new + "\n")

        let show = harness.run(["show", "sonar", "--format", "json"]).output
        let document = try #require(try JSONSerialization.jsonObject(with: Data(show.utf8)) as? [String: Any])
        let checks = try #require(
            ((document["versions"] as? [[String: Any]])?.first)?["revocation_checks"] as? [[String: Any]])
        #expect(checks.map { $0["outcome"] as? String } == ["still-valid", "revoked"])
        #expect(checks.map { $0["http_status"] as? Int } == [200, 401])
        #expect(checks.allSatisfy { $0["method"] as? String == "probe" })
        #expect(checks.first?["endpoint"] as? String == azure.orgURL() + "/_apis/connectionData")
        let audit = harness.run(["audit"]).output
        #expect(audit.contains("probe sonar v1"))
        for token in [old, new] { #expect(!audit.contains(token) && !show.contains(token)) }
    }

    @Test func outageIsInconclusiveAndChangesNothing() throws {
        let azure = try StandInAzureDevOps()
        let (old, _) = rotatedCredential(azure)
        azure.setUnavailable(true)
        let result = harness.run(["revoke", "sonar", "--probe"])
        #expect(result.status == 75)
        #expect(result.output.contains("Unknown: sonar version 1"))
        #expect(result.errors == "patvault: 1 of 1 version not confirmed revoked; probe again later\n")
        #expect(harness.run(["get", "sonar", "--previous"]).output == old + "\n")

        let check = harness.run(["check", "--probe", "--no-notify"])
        #expect(check.status == 1, "\(check)")  // Azure DevOps answered, but could not tell: WARNING
        #expect(
            check.output.contains("WARNING sonar v1 (contoso): probe-inconclusive: probe of v1 inconclusive: HTTP 503"))

        azure.server.stop()  // nothing listens any more: Azure DevOps cannot be reached
        let unreachable = harness.run(["check", "--probe", "--no-notify"])
        #expect(unreachable.status == 3, "\(unreachable)")
        #expect(unreachable.output.hasPrefix("PATVAULT UNKNOWN"))
        #expect(unreachable.output.contains("probe of v1 inconclusive: no answer"))
    }

    @Test func checkProbeConfirmsAndFlagsStillValidTokens() throws {
        let azure = try StandInAzureDevOps()
        let (old, _) = rotatedCredential(azure)
        let failed = harness.run(["check", "--probe"])
        #expect(failed.status == 2, "\(failed)")
        #expect(
            failed.output.contains(
                "CRITICAL sonar v1 (contoso): revocation-failed: v1 was replaced but still authenticates"))

        azure.expire(old)
        let confirmed = harness.run(["check", "--probe"])
        #expect(confirmed.status == 0, "\(confirmed)")
        #expect(confirmed.output.contains("OK sonar v1 (contoso): revocation-confirmed: v1 is revoked: HTTP 401"))
        #expect(harness.run(["show", "sonar"]).output.contains("version 1: revoked"))
        let quiet = harness.run(["check", "--probe"])  // nothing pending any more: no probe at all
        #expect(quiet.status == 0)
        #expect(!quiet.output.contains("revocation-confirmed"))
        #expect(azure.server.requests.count == 2)
    }

    @Test func checkProbeNeedsTheKey() throws {
        let azure = try StandInAzureDevOps()
        _ = rotatedCredential(azure)
        let locked = harness.run(["check", "--probe"], unlock: false)
        #expect(locked.status == 3)
        #expect(locked.errors.hasPrefix("patvault: vault is locked"))
    }

    /// Without `X-TFS-FedAuthRedirect: Suppress` Azure DevOps answers a bad token with 203 and
    /// an HTML sign-in page: the stand-in does too, and patvault reads that as rejected.
    @Test func signInPageWithoutTheSuppressHeaderReadsAsRejected() throws {
        let azure = try StandInAzureDevOps()
        let request = NetworkHelper.Request(
            method: "GET", url: azure.orgURL() + "/_apis/connectionData",
            headers: ["Authorization": "Basic " + Data(":not-a-live-token".utf8).base64EncodedString()], body: nil,
            timeoutSeconds: 5)
        let response = try #require(try NetworkHelper.perform([request], environment: ["PATH": "/usr/bin:/bin"]).first)
        #expect(response.status == 203)
        #expect(response.contentType?.hasPrefix("text/html") == true)
        #expect(Probe.classify(response).0 == .revoked)
    }

    /// Commands that make no request never load libcurl; the helper that makes them does.
    @Test func getNeverMapsLibcurl() throws {
        harness.initialise()
        harness.add("sonar")
        let get = harness.run(["get", "sonar"], environment: ["LD_DEBUG": "files"])
        #expect(get.status == 0)
        #expect(get.errors.contains("libsodium"), "LD_DEBUG produced no trace: \(get.errors.prefix(300))")
        #expect(!get.errors.contains("libcurl"))
        let list = harness.run(["list"], unlock: false, environment: ["LD_DEBUG": "files"])
        #expect(!list.errors.contains("libcurl") && !list.errors.contains("FoundationNetworking"))

        let helper = PatvaultHarness.executable.replacingOccurrences(of: "/patvault", with: "/patvault-net")
        let network = ProcessRunner.run(
            helper, [], environment: ["LD_DEBUG": "files"], input: Array(#"{"requests":[]}"#.utf8))
        #expect(network.status == 0)
        #expect(
            network.errors.contains("libcurl"), "the helper should load libcurl: the check above would prove nothing")
    }
}
