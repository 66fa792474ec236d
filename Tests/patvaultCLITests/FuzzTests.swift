import Foundation
import PatVaultTestSupport
import Testing

/// Builds the libFuzzer target (fuzz/run) and runs it for a bounded time over the argument
/// parser, the policy loader and the date and duration parsers: any crash, sanitizer report or
/// failed round trip fails the test. PATVAULT_FUZZ_SECONDS sets the time (default 15);
/// PATVAULT_FUZZ_SECONDS=0 skips it for quick local runs.
@Suite struct FuzzTests {
    static let seconds = Int(ProcessInfo.processInfo.environment["PATVAULT_FUZZ_SECONDS"] ?? "") ?? 15

    @Test(.enabled(if: seconds > 0, "PATVAULT_FUZZ_SECONDS=0"), .timeLimit(.minutes(10)))
    func libFuzzerFindsNothing() throws {
        let script = VaultFormatDocumentTests.repositoryRoot + "/fuzz/run"
        let result = ProcessRunner.run(
            "/bin/bash", [script, String(Self.seconds)], environment: ProcessInfo.processInfo.environment,
            timeoutSeconds: 540)
        #expect(result.status == 0, "\(result.output.suffix(2000)) \(result.errors.suffix(2000))")
        #expect(result.output.contains("DONE"), "the fuzzer did not run to its end: \(result.output.suffix(500))")
        #expect(!result.output.contains("ERROR"))
    }
}
