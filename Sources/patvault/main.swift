// The executable: builds the process's context, runs the command line, exits with its code.
// Everything else lives in the PatVault library.
import PatVault

#if canImport(Glibc)
    import Glibc
#endif

// Not dumpable and no core file, before any key or token is in memory; files patvault creates
// are owner-only, whatever the caller's umask.
CLI.hardenProcess()
umask(0o077)

let environment = CommandContext.processEnvironment()
let standardError = FileDescriptorSink(descriptor: STDERR_FILENO)
let now: Timestamp
do {
    now = try CommandContext.clock(environment: environment)
} catch {
    standardError.write("patvault: \(error)\n")
    standardError.flush()
    exit(ExitCode.dataError.rawValue)
}

let context = CommandContext(
    environment: environment, now: now, standardInput: StandardInput(),
    standardOutput: FileDescriptorSink(descriptor: STDOUT_FILENO), standardError: standardError,
    terminal: ControllingTerminal(), actor: CommandContext.currentActor())
exit(CLI.run(Array(CommandLine.arguments.dropFirst()), context: context))
