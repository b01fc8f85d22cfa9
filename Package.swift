// swift-tools-version: 6.1
import PackageDescription

/// The module layout is the architecture (DESIGN.md §3): each target depends only on those below it.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "trainingd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "trainingd", targets: ["trainingd"]),
        .executable(name: "trainingctl", targets: ["trainingctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // The canonical text of a uuid, read strictly and written in lower case: one parser for
        // database values and user input alike.
        .target(name: "UUIDText", swiftSettings: strict),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ", "UUIDText",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Varlink",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "TrainingCore", dependencies: ["UUIDText"], swiftSettings: strict),
        .target(name: "ReportRendering", dependencies: ["Varlink"], swiftSettings: strict),
        .target(name: "ChildProcess", swiftSettings: strict),
        .target(
            name: "TrainingStore",
            dependencies: [
                "Postgres", "TrainingCore", "UUIDText",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "TrainingService",
            dependencies: [
                "Varlink", "TrainingStore", "TrainingCore", "Postgres", "UUIDText",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("IDL")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "trainingd",
            dependencies: [
                "TrainingService", "TrainingStore", "Varlink", "Postgres", "ChildProcess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "trainingctl",
            dependencies: [
                "Varlink", "ReportRendering", "TrainingCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "trainingd-bench",
            dependencies: ["Varlink", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),
        // Fuzzing of framing, JSON and parameter validation (scripts/soak builds it with
        // -sanitize=fuzzer,address -DFUZZING); a normal build makes it a corpus replayer.
        .executableTarget(
            name: "VarlinkFuzz",
            dependencies: ["Varlink", "TrainingService", .product(name: "NIOCore", package: "swift-nio")],
            path: "Fuzz/VarlinkFuzz",
            swiftSettings: strict
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "Varlink", "ChildProcess", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DaemonTests",
            dependencies: ["TestSupport", "Varlink", "Postgres", "ChildProcess"],
            exclude: ["Python", "Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "VarlinkTests", dependencies: ["Varlink"], swiftSettings: strict),
        .testTarget(name: "TrainingCoreTests", dependencies: ["TrainingCore"], swiftSettings: strict),
        .testTarget(name: "UUIDTextTests", dependencies: ["UUIDText"], swiftSettings: strict),
        .testTarget(name: "ReportRenderingTests", dependencies: ["ReportRendering", "Varlink"], swiftSettings: strict),
        .testTarget(
            name: "TrainingStoreTests",
            dependencies: ["TrainingStore", "Postgres", "TestSupport", "UUIDText"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
