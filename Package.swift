// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Outpost",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "outpost", targets: ["outpost"]),
        .executable(name: "outpost-server", targets: ["outpost-server"]),
        .executable(name: "outpost-bench", targets: ["outpost-bench"]),
        .library(name: "OutpostCore", targets: ["OutpostCore"]),
        .library(name: "OutpostReplica", targets: ["OutpostReplica"]),
        .library(name: "OutpostServer", targets: ["OutpostServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        .target(name: "OutpostCore", exclude: ["README.md"]),
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "OutpostDomain", dependencies: ["OutpostCore"], exclude: ["README.md"]),
        .target(name: "OutpostProtocol", dependencies: ["OutpostCore", "OutpostDomain"], exclude: ["README.md"]),
        .target(
            name: "OutpostSQLite",
            dependencies: ["OutpostCore", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["README.md"]
        ),
        .target(
            name: "OutpostReplica",
            dependencies: [
                "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            exclude: ["README.md"]
        ),
        .target(
            name: "OutpostServer",
            dependencies: [
                "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostSQLite", "CLibdeflate",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "outpost",
            dependencies: [
                "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostReplica",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "outpost-server",
            dependencies: [
                "OutpostServer", "OutpostProtocol", "OutpostDomain", "OutpostCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "OutpostBenchKit",
            dependencies: [
                "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostSQLite", "OutpostReplica", "OutpostServer", "OutpostLocalPostgres", "OutpostChildProcess",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "outpost-bench",
            dependencies: [
                "OutpostBenchKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "OutpostLocalPostgres"),
        .target(name: "OutpostChildProcess", exclude: ["README.md"]),
        .target(
            name: "OutpostTestSupport",
            dependencies: [
                "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostReplica", "OutpostServer", "OutpostLocalPostgres", "OutpostChildProcess",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/OutpostTestSupport"
        ),
        .testTarget(name: "OutpostCoreTests", dependencies: ["OutpostCore", "OutpostDomain", "OutpostTestSupport"]),
        .testTarget(name: "OutpostDomainTests", dependencies: ["OutpostDomain", "OutpostCore", "OutpostTestSupport"]),
        .testTarget(name: "OutpostProtocolTests", dependencies: ["OutpostProtocol", "OutpostDomain", "OutpostCore"]),
        .testTarget(name: "OutpostReplicaTests", dependencies: ["OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostReplica", "OutpostTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "OutpostServerTests", dependencies: ["OutpostCore", "OutpostDomain", "OutpostServer", "OutpostTestSupport", "OutpostProtocol", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "CompressNIO", package: "compress-nio"), .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "IntegrationTests", dependencies: ["OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostReplica", "OutpostServer", "OutpostTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "OutpostChildProcessTests", dependencies: ["OutpostChildProcess"]),
        .testTarget(name: "OutpostBenchTests", dependencies: ["OutpostBenchKit"]),
        .testTarget(name: "OutpostCLITests", dependencies: ["outpost", "OutpostChildProcess", "OutpostCore", "OutpostDomain", "OutpostProtocol", "OutpostReplica", "OutpostTestSupport"]),
    ]
)
