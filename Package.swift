// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// Linux only (Debian 12, Ubuntu 22.04 and later): the file readers use Glibc directly and CI builds
// on Debian. No Apple platform is declared because none is built or tested.
let package = Package(
    name: "pingan",
    products: [
        .executable(name: "pingan", targets: ["pingan"]),
        .library(name: "PinganCore", targets: ["PinganCore"]),
        .library(name: "PinganGeo", targets: ["PinganGeo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        // Already built for postgres-nio; the server's HTTPS uses it through HummingbirdTLS.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLzma", path: "Sources/CLzma", providers: [.apt(["liblzma-dev"])]),
        .target(name: "PinganGeo", dependencies: ["CZlib", "CLzma"], swiftSettings: strict),
        .target(name: "PinganCore", dependencies: ["PinganGeo"], swiftSettings: strict),
        .target(name: "PinganAnalytics", dependencies: ["PinganCore", "PinganGeo"], swiftSettings: strict),
        .target(
            name: "PinganStore",
            dependencies: ["PinganCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "PinganBench", dependencies: ["PinganCore", "PinganGeo", "PinganAnalytics"], swiftSettings: strict),
        .target(
            name: "PinganApp",
            dependencies: ["PinganCore", "PinganGeo", "PinganStore", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "PinganStoreSQLite",
            dependencies: [
                "PinganStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PinganStorePostgres",
            dependencies: [
                "PinganStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PinganServer",
            dependencies: [
                "PinganCore", "PinganGeo", "PinganAnalytics", "PinganStore", "PinganApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Public")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pingan",
            dependencies: [
                "PinganCore", "PinganGeo", "PinganAnalytics", "PinganStore", "PinganApp", "PinganStoreSQLite", "PinganStorePostgres", "PinganServer",
                "PinganBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/Maps")],
            swiftSettings: strict
        ),
        .target(name: "PinganTestSupport", dependencies: ["PinganCore", "PinganStore", "PinganApp"], path: "Tests/PinganTestSupport", swiftSettings: strict),
        .testTarget(name: "PinganGeoTests", dependencies: ["PinganGeo"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "PinganBenchTests", dependencies: ["PinganBench", "PinganCore", "PinganGeo"], swiftSettings: strict),
        .testTarget(name: "PinganAnalyticsTests", dependencies: ["PinganAnalytics", "PinganTestSupport"], swiftSettings: strict),
        .testTarget(name: "PinganCoreTests", dependencies: ["PinganCore", "PinganTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "PinganAppTests",
            dependencies: ["PinganApp", "PinganStoreSQLite", "PinganTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PinganStoreSQLiteTests",
            dependencies: ["PinganStoreSQLite", "PinganTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PinganStorePostgresTests",
            dependencies: ["PinganStorePostgres", "PinganTestSupport", "PinganApp", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PinganCLITests",
            dependencies: [
                "PinganStoreSQLite", "PinganTestSupport", "PinganApp",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PinganServerTests",
            dependencies: [
                "PinganServer", "PinganApp", "PinganStoreSQLite", "PinganTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
    ]
)
