// swift-tools-version:6.2
import PackageDescription

/// Every target of the project treats warnings as errors and builds in the Swift 6 language mode.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "anshin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "anshin", targets: ["anshin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        .executableTarget(
            name: "anshin",
            dependencies: [
                "AnshinCore", "AnshinReports", "AnshinSecrets", "AnshinGit", "AnshinAudit", "AnshinAWS", "AnshinHCL", "AnshinLogs",
                "AnshinGitHub", "AnshinHTTP",
                "AnshinRibbon", "AnshinTerraform", "AnshinMonitor", "AnshinStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AnshinCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "AnshinReports", dependencies: ["AnshinCore"], swiftSettings: strict),
        .target(name: "AnshinHTTP", dependencies: [
                    "AnshinCore",
                    .product(name: "AsyncHTTPClient", package: "async-http-client"),
                    .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                ],
                swiftSettings: strict),
        .target(name: "AnshinHCL", dependencies: ["AnshinCore"], swiftSettings: strict),
        .target(name: "AnshinGit", dependencies: ["AnshinCore", "CZlib", "CLibdeflate", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(name: "AnshinAWS", dependencies: ["AnshinCore", "AnshinHTTP", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .systemLibrary(name: "CVectorscan", pkgConfig: "libhs", providers: [.apt(["libvectorscan-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .target(name: "AnshinSecrets", dependencies: ["AnshinCore", "CVectorscan", "AnshinGit"], swiftSettings: strict),
        .target(name: "AnshinAudit", dependencies: ["AnshinCore", "AnshinHCL", "AnshinAWS"], swiftSettings: strict),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "AnshinStore", dependencies: [
                    "AnshinCore", "CSQLite", .product(name: "PostgresNIO", package: "postgres-nio"),
                    .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                    .product(name: "Logging", package: "swift-log"),
                ],
                swiftSettings: strict),
        .target(name: "AnshinLogs", dependencies: ["AnshinCore", "AnshinHTTP", "AnshinAWS", "AnshinStore", "CZlib", .product(name: "Yams", package: "Yams")],
                swiftSettings: strict),
        .target(name: "AnshinGitHub", dependencies: ["AnshinCore", "AnshinHTTP", "AnshinReports"], swiftSettings: strict),
        .target(name: "AnshinRibbon", dependencies: [
                    "AnshinCore", .product(name: "Crypto", package: "swift-crypto"),
                    .product(name: "CryptoExtras", package: "swift-crypto"),
                ],
                swiftSettings: strict),
        .target(name: "AnshinTerraform", dependencies: ["AnshinCore", "AnshinHCL", "AnshinAWS"], swiftSettings: strict),
        .target(name: "AnshinMonitor", dependencies: [
                    "AnshinCore", "AnshinHTTP", "AnshinStore",
                    .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                    .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                    .product(name: "NIOTLS", package: "swift-nio"),
                ],
                swiftSettings: strict),
        .target(name: "AnshinTesting", dependencies: [
                    "AnshinCore", "AnshinHTTP", "CZlib",
                    .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                    .product(name: "NIOHTTP1", package: "swift-nio"),
                ],
                swiftSettings: strict),
        .testTarget(name: "AnshinCoreTests", dependencies: ["AnshinCore", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinReportsTests", dependencies: ["AnshinReports", "AnshinCore", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinHCLTests", dependencies: ["AnshinHCL", "AnshinCore"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "AnshinAuditTests", dependencies: ["AnshinAudit", "AnshinAWS", "AnshinHTTP", "AnshinHCL", "AnshinCore", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinSecretsTests", dependencies: ["AnshinSecrets", "AnshinCore", "AnshinGit", "AnshinReports", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinTerraformTests", dependencies: ["AnshinTerraform", "AnshinHCL", "AnshinAWS", "AnshinCore", "AnshinTesting",
                                                                 .product(name: "Yams", package: "Yams")],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinHTTPTests", dependencies: ["AnshinHTTP", "AnshinTesting"], swiftSettings: strict),
        .testTarget(name: "AnshinAWSTests", dependencies: ["AnshinAWS", "AnshinHTTP", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinGitHubTests", dependencies: ["AnshinGitHub", "AnshinCore", "AnshinHTTP", "AnshinReports", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinGitTests", dependencies: ["AnshinGit", "AnshinTesting"], swiftSettings: strict),
        .testTarget(name: "AnshinRibbonTests", dependencies: ["AnshinRibbon", "AnshinCore", "AnshinHTTP", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinTestingTests", dependencies: ["AnshinTesting", "AnshinHTTP"], swiftSettings: strict),
        .testTarget(name: "AnshinStoreTests", dependencies: ["AnshinStore", "AnshinTesting"], swiftSettings: strict),
        .testTarget(name: "AnshinLogsTests", dependencies: ["AnshinLogs", "AnshinCore", "AnshinAWS", "AnshinStore", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "AnshinMonitorTests", dependencies: [
                        "AnshinMonitor", "AnshinCore", "AnshinHTTP", "AnshinStore", "AnshinTesting",
                        .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                        .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                        .product(name: "X509", package: "swift-certificates"), .product(name: "Crypto", package: "swift-crypto"),
                    ],
                    swiftSettings: strict),
        .testTarget(name: "AnshinCLITests", dependencies: ["anshin", "AnshinCore", "AnshinAWS", "AnshinHTTP", "AnshinTesting"],
                    exclude: ["Fixtures"], swiftSettings: strict),
    ]
)
