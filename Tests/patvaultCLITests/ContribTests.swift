import Foundation
import PatVaultTestSupport
import Testing

/// The systemd units in `contrib/` are what the README tells operators to install:
/// `systemd-analyze verify` must accept them (with ExecStart pointed at the built binary,
/// since /usr/local/bin/patvault is not installed on a test machine).
@Suite struct ContribTests {
    static let systemdAnalyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(
        where: FileManager.default.isExecutableFile)

    @Test(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed"))
    func systemdUnitsVerify() throws {
        let directory = TemporaryDirectory()
        let contrib = VaultFormatDocumentTests.repositoryRoot + "/contrib"
        for unit in ["patvault-check.service", "patvault-check.timer"] {
            let text = try String(contentsOfFile: contrib + "/" + unit, encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/patvault", with: PatvaultHarness.executable)
            try text.write(toFile: directory.file(unit), atomically: true, encoding: .utf8)
        }
        let result = ProcessRunner.run(
            try #require(Self.systemdAnalyze),
            ["verify", directory.file("patvault-check.service"), directory.file("patvault-check.timer")],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result)")
        #expect(result.errors.isEmpty, "\(result)")
    }
}
