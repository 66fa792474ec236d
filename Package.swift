// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "patvault",
    products: [
        .executable(name: "patvault", targets: ["patvault"]),
        .library(name: "PatVault", targets: ["PatVault"]),
    ],
    targets: [
        // C libraries from Debian's -dev packages, through system library targets.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The few glibc calls Swift cannot make itself (variadic, or behind _GNU_SOURCE).
        .target(name: "CSystem"),
        // Every behaviour lives here; the executable only wires it to the process.
        .target(
            name: "PatVault",
            dependencies: ["CSodium", "CSQLite", "CSystem"]
        ),
        .executableTarget(
            name: "patvault",
            dependencies: ["PatVault"]
        ),
        // The HTTP client (webhooks, probes of Azure DevOps), apart from the main executable so
        // that only runs that make a request pay for FoundationNetworking and libcurl.
        .executableTarget(name: "patvault-net"),
        // Helpers both test targets share: look-alike tokens, temporary folders, a process runner.
        .target(
            name: "PatVaultTestSupport",
            dependencies: ["PatVault", "CSystem"],
            path: "Tests/PatVaultTestSupport"
        ),
        .testTarget(
            name: "PatVaultTests",
            dependencies: ["PatVault", "PatVaultTestSupport"]
        ),
        .testTarget(
            name: "patvaultCLITests",
            dependencies: ["PatVault", "PatVaultTestSupport"]
        ),
    ]
)
