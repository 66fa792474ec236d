#if canImport(Glibc)
    import Glibc
#endif

/// A stand-in syslog daemon: a Unix datagram socket bound where syslog(3) writes, which
/// collects the lines it is sent. glibc's syslog(3) always writes to `/dev/log`, so a test can
/// only listen there, and only where no real daemon already does (the socket is removed again
/// on deinit).
public final class SyslogReceiver {
    public static let devLog = "/dev/log"
    private let path: String
    private let socket: Int32

    /// Whether `/dev/log` is free for a test to bind: nothing there yet, and `/dev` writable.
    public static var canBindDevLog: Bool {
        var info = stat()
        return lstat(devLog, &info) != 0 && errno == ENOENT && access("/dev", W_OK) == 0
    }

    /// Binds a datagram socket at `path`; nil if that fails.
    public init?(path: String = SyslogReceiver.devLog) {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            return nil
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            close(descriptor)
            return nil
        }
        chmod(path, 0o666)
        self.path = path
        self.socket = descriptor
    }

    deinit {
        close(socket)
        unlink(path)
    }

    /// Every datagram that arrives until `seconds` pass with none, as text.
    public func lines(quietFor seconds: Int32 = 1) -> [String] {
        var received: [String] = []
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, seconds * 1000) > 0 else { return received }
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return received }
            received.append(String(decoding: buffer[0..<count], as: UTF8.self))
        }
    }
}
