#if canImport(Glibc)
    import Glibc
#endif

/// Where a command writes: standard output or standard error, or a buffer in tests.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
    func write(_ bytes: [UInt8])
    /// Writes secret bytes straight from secure memory, with no `String` copy.
    func writeSecret(_ bytes: SecureBytes)
    /// Whether the output goes to a terminal (where a token would stay in the scrollback).
    var isTerminal: Bool { get }
    func flush()
}

/// Where a command reads a token from when it is not prompted for.
public protocol InputSource: AnyObject {
    /// Whether the input is a terminal (then a token is prompted for, echo off).
    var isTerminal: Bool { get }
    /// Reads everything into secure memory; more than `limit` bytes is `tokenTooLarge`.
    func readAll(limit: Int) throws -> SecureBytes
}

/// The controlling terminal, for no-echo prompts. Tests substitute answers.
public protocol Terminal: AnyObject {
    /// Whether there is a terminal to ask on.
    var isAvailable: Bool { get }
    /// Shows `prompt` and reads one line with echo off; nil if there is no terminal.
    func readSecret(prompt: String) throws -> SecureBytes?
}

/// A file descriptor written through a buffer, flushed when full and at the end.
public final class FileDescriptorSink: OutputSink {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    public init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public var isTerminal: Bool { isatty(descriptor) == 1 }

    public func write(_ bytes: [UInt8]) {
        if buffer.count + bytes.count >= 1 << 16 {
            flush()
            bytes.withUnsafeBytes { Self.writeAll(descriptor, $0) }
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func writeSecret(_ bytes: SecureBytes) {
        flush()
        bytes.withUnsafeBytes { Self.writeAll(descriptor, $0) }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { Self.writeAll(descriptor, $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) {
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(descriptor, pointer, remaining)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            pointer += written
            remaining -= written
        }
    }
}

/// Standard input of the process.
public final class StandardInput: InputSource {
    public init() {}

    public var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    public func readAll(limit: Int) throws -> SecureBytes {
        // One byte more than the limit tells a token at the limit from a larger input.
        let bytes = try SecureBytes.read(from: STDIN_FILENO, atMost: limit + 1)
        guard bytes.count <= limit else { throw InputError.tokenTooLarge(limit: limit) }
        return bytes
    }
}

/// `/dev/tty` with echo turned off while a secret is typed.
public final class ControllingTerminal: Terminal {
    public init() {}

    public var isAvailable: Bool {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    public func readSecret(prompt: String) throws -> SecureBytes? {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var saved = termios()
        let canHideEcho = tcgetattr(descriptor, &saved) == 0
        if canHideEcho {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(descriptor, TCSAFLUSH, &quiet)
        }
        defer { if canHideEcho { tcsetattr(descriptor, TCSAFLUSH, &saved) } }
        Array(prompt.utf8).withUnsafeBytes { FileDescriptorSink.writeAll(descriptor, $0) }

        let line = try SecureBytes(count: TokenShape.maximumBytes + 1)
        var length = 0
        var byte: UInt8 = 0
        while length < line.count {
            let got = read(descriptor, &byte, 1)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 || byte == UInt8(ascii: "\n") { break }
            line.withUnsafeMutableBytes { $0[length] = byte }
            length += 1
        }
        byte = 0
        if length > 0 && line[length - 1] == UInt8(ascii: "\r") { length -= 1 }
        guard length <= TokenShape.maximumBytes else { throw InputError.tokenTooLarge(limit: TokenShape.maximumBytes) }
        line.truncate(to: length)
        return line
    }
}
