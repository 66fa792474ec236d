#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive, non-blocking lock on `VAULT-notify.lock` for the delivery phase of `check`:
/// cron runs that overlap must not both send a milestone. Released when the process ends,
/// however it ends (flock dies with the descriptor).
final class DeliveryLock {
    private let descriptor: Int32
    let acquired: Bool

    init(vaultPath: String) throws {
        let path = vaultPath + "-notify.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw StoreError.io(path: path, operation: "open the lock file", errno: errno) }
        acquired = flock(descriptor, LOCK_EX | LOCK_NB) == 0
    }

    deinit { close(descriptor) }
}
