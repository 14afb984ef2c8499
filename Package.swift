// swift-tools-version:6.1
// Palisade: five services and their shared modules, in one package.
// The target graph is the architecture: C libraries are wrapped by exactly one `C<Lib>`
// module each and imported `internal` by exactly one Swift module.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The products most targets use, named once.
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")

/// A test target (`Tests/<name>`) with the package's strict settings.
func testTarget(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: dependencies, swiftSettings: strict)
}

/// A service's targets and executable: `<Name>Core` (its domain logic, in `<root>/<Name>/Core`),
/// the executable `palisade-<name>` (`<root>/<Name>/Main`, about a page on `ServiceMain`) and
/// `<Name>CoreTests` (`Tests/<Name>CoreTests`). Every service gets the scaffold's modules; `core`
/// and `tests` add what its domain needs.
struct ServiceTargets {
    let product: Product
    let targets: [Target]
}

func service(
    _ name: String, root: String = "Services", executable product: String? = nil, core: [Target.Dependency] = [],
    tests: [Target.Dependency] = []
) -> ServiceTargets {
    let scaffold: [Target.Dependency] = [
        "PalisadeService", "PalisadeMessages", "PalisadeRPC", "PalisadeStorage", "PalisadeWire",
        grdb, logging,
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
    ]
    let executable = "Palisade\(name)"
    let coreDependencies: [Target.Dependency] = scaffold + core
    let testSupport: [Target.Dependency] = [
        .target(name: "\(name)Core"), "PalisadeServiceTestSupport", "PalisadeTestSupport", "PalisadeTLS", "PalisadeHTTPClient",
    ]
    let testDependencies: [Target.Dependency] = scaffold + testSupport + tests
    return ServiceTargets(
        product: .executable(name: product ?? "palisade-\(name.lowercased())", targets: [executable]),
        targets: [
            .target(name: "\(name)Core", dependencies: coreDependencies, path: "\(root)/\(name)/Core", swiftSettings: strict),
            .executableTarget(
                name: executable,
                dependencies: [.target(name: "\(name)Core"), "PalisadeService", argumentParser, logging],
                path: "\(root)/\(name)/Main", swiftSettings: strict),
            testTarget("\(name)CoreTests", testDependencies),
        ])
}

let services = [
    service(
        "Connector",
        core: [
            "PalisadeHTTPClient", "PalisadeTLS", "PalisadeJSON",
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ],
        tests: ["PalisadeSlackSimulator", "PalisadeJSON"]),
    service(
        "Ingestion",
        core: ["PalisadeNet", "PalisadeJSON", "PalisadeSlackCatalogue", "PalisadeGeoIP", "PalisadeNormaliser", "PalisadeEnrichment"],
        tests: ["PalisadeNet", "PalisadeJSON", "PalisadeSlackSimulator", "PalisadeNormaliser", "PalisadeEnrichment"]),
    service(
        "Detection", core: ["PalisadeDetectionEngine", "PalisadePolicies", "PalisadeNet", "PalisadeTLS"],
        tests: [
            "PalisadeDetectionEngine", "PalisadePolicies", "PalisadeNormaliser", "PalisadeSlackSimulator", "IngestionCore", "PalisadeGeoIP",
        ]),
    service(
        "Identity", core: ["PalisadeIdentityService", "PalisadeHTTPClient", "PalisadeTLS"],
        tests: ["PalisadeIdentityService", "PalisadeIdentitySimulator", "PalisadeSlackSimulator"]),
    service(
        "IdentityOkta", executable: "palisade-identity-okta", core: ["PalisadeIdentityService", "PalisadeHTTPClient"],
        tests: ["PalisadeIdentityService", "PalisadeIdentitySimulator", "PalisadeSlackSimulator"]),
    // A throwaway service that shows the scaffold at its smallest (CONTRIBUTING.md); tests only.
    service("Sample", root: "Tests"),
]

let package = Package(
    name: "Palisade",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "palisade", targets: ["PalisadeCLI"]),
        .executable(name: "palisade-bench", targets: ["PalisadeBench"]),
        .executable(name: "palisade-sim", targets: ["PalisadeSim"]),
    ] + services.map(\.product),
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C libraries, one module each
        .systemLibrary(name: "CNghttp2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CPosix"),
        .systemLibrary(name: "CHttpParser", providers: [.apt(["libhttp-parser-dev"])]),
        .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),

        // MARK: The wire contract (no I/O, no C)
        .target(name: "PalisadeWire", swiftSettings: strict),

        // MARK: Transport
        .target(name: "PalisadeHTTP2", dependencies: ["CNghttp2"], swiftSettings: strict),
        .target(name: "PalisadeHTTP1", dependencies: ["CHttpParser"], swiftSettings: strict),
        .target(name: "PalisadeTLS", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(
            name: "PalisadeRPC",
            dependencies: [
                "CPosix", "PalisadeWire", "PalisadeHTTP1", "PalisadeHTTP2", "PalisadeTLS", logging,
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        .target(name: "PalisadeHTTPClient", dependencies: ["CCurl", logging], swiftSettings: strict),

        // MARK: Storage and service runtime
        .target(name: "PalisadeStorage", dependencies: ["PalisadeWire", grdb], swiftSettings: strict),
        .target(
            name: "PalisadeService",
            dependencies: [
                "PalisadeRPC", "PalisadeTLS", "PalisadeWire",
                argumentParser, logging,
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),

        // MARK: Reading Slack's JSON with byte positions (the connector's page scanner, ingestion's normaliser)
        .target(name: "PalisadeJSON", dependencies: ["PalisadeWire"], swiftSettings: strict),

        // MARK: Slack's catalogues of audit actions and schemas (the simulator serves them, ingestion categorises by them)
        .target(name: "PalisadeSlackCatalogue", dependencies: ["PalisadeJSON"], swiftSettings: strict),

        // MARK: Addresses and networks (IPv4/IPv6, CIDR), shared by ingestion and detection
        .target(name: "PalisadeNet", swiftSettings: strict),
        // GeoIP lookups in .mmdb files (libmaxminddb), by PalisadeNet addresses.
        .target(name: "PalisadeGeoIP", dependencies: ["CMaxMindDB", "PalisadeNet"], swiftSettings: strict),

        // MARK: Slack audit entries read into Activities (ingestion stores them; `palisade detect` and policy tests read files of them)
        .target(
            name: "PalisadeNormaliser", dependencies: ["PalisadeJSON", "PalisadeMessages", "PalisadeNet", "PalisadeSlackCatalogue"],
            swiftSettings: strict),

        // MARK: The services' messages (one Swift definition each, per Protocol/)
        .target(name: "PalisadeMessages", dependencies: ["PalisadeWire"], swiftSettings: strict),

        // MARK: What an activity's address tells: GeoIP location, the IP range catalogue's category and tags, and the
        // feed files it is built from (ingestion enriches what it stores; `palisade detect` what it reads)
        .target(name: "PalisadeEnrichment", dependencies: ["PalisadeGeoIP", "PalisadeMessages", "PalisadeNet"], swiftSettings: strict),

        // MARK: Custom activity policies: the filter language, read from files (detection and `palisade detect`); a file's
        // tests are raw entries, normalised as ingestion would
        .target(
            name: "PalisadePolicies",
            dependencies: [
                "PalisadeMessages", "PalisadeNet", "PalisadeJSON", "PalisadeNormaliser", "PalisadeWire",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),

        // MARK: The eight built-in detections and the policies over a stream (the detection service and `palisade detect`)
        .target(
            name: "PalisadeDetectionEngine", dependencies: ["PalisadeMessages", "PalisadePolicies", "PalisadeTLS", "PalisadeWire"],
            swiftSettings: strict),

        // MARK: Detection over a file of entries (`palisade detect` and its benchmark): lines parsed on every core, one engine
        .target(
            name: "PalisadeFileDetection",
            dependencies: [
                "PalisadeDetectionEngine", "PalisadeEnrichment", "PalisadeJSON", "PalisadeMessages", "PalisadeNet", "PalisadeNormaliser",
                "PalisadeWire",
            ],
            swiftSettings: strict),

        // MARK: What both identity services are (Entra ID and Okta): the contract's handlers, the action log that makes
        // actions idempotent, and the provider interface each service implements
        .target(
            name: "PalisadeIdentityService",
            dependencies: [
                "PalisadeMessages", "PalisadeWire", "PalisadeRPC", "PalisadeStorage", "PalisadeService", "PalisadeTLS",
                "PalisadeHTTPClient",
                grdb, logging, .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict),

        // MARK: Simulators of the outside world (real HTTPS servers for tests, benchmarks, demo)
        .target(
            name: "PalisadeSlackSimulator",
            dependencies: ["PalisadeRPC", "PalisadeTLS", "PalisadeSlackCatalogue", logging],
            exclude: ["README.md"],
            swiftSettings: strict
        ),

        // Entra ID / Microsoft Graph, Okta and an SMTP sink, seeded with the Slack simulator's people.
        .target(
            name: "PalisadeIdentitySimulator",
            dependencies: ["PalisadeRPC", "PalisadeTLS", "PalisadeSlackSimulator", "PalisadeJSON", logging],
            // The vendors' own clients, run by hand against the simulators (see the README); not built.
            exclude: ["README.md", "clients"],
            swiftSettings: strict
        ),

        // MARK: Echo service (tests, benchmarks, interop)
        .target(name: "PalisadeEcho", dependencies: ["PalisadeRPC", "PalisadeWire"], swiftSettings: strict),

        // MARK: Executables
        .executableTarget(
            name: "PalisadeCLI",
            dependencies: [
                "PalisadeMessages", "PalisadeNet", "PalisadeTLS", "PalisadeRPC", "PalisadeWire", "PalisadePolicies", "PalisadeNormaliser",
                "PalisadeDetectionEngine", "PalisadeEnrichment", "PalisadeFileDetection", "PalisadeGeoIP", "PalisadeService",
                argumentParser, logging,
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "PalisadeSim",
            dependencies: [
                "PalisadeSlackSimulator", "PalisadeIdentitySimulator", "PalisadeService", "PalisadeTLS", "PalisadeRPC", argumentParser,
                logging, .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "PalisadeBench",
            dependencies: [
                "PalisadeEcho", "PalisadeRPC", "PalisadeHTTP2", "PalisadeService", "PalisadeTLS", "PalisadeWire",
                "ConnectorCore", "IngestionCore", "DetectionCore", "PalisadeEnrichment", "PalisadeFileDetection", "PalisadeDetectionEngine",
                "PalisadePolicies", "PalisadeGeoIP", "PalisadeSlackSimulator", "PalisadeMessages", "PalisadeHTTPClient", "PalisadeNet",
                "PalisadeStorage", "PalisadeIdentitySimulator", argumentParser, logging, grdb,
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests mirror the modules
        .target(
            name: "PalisadeTestSupport", dependencies: ["PalisadeWire", "PalisadeNet"], path: "Tests/PalisadeTestSupport",
            swiftSettings: strict),
        // The process-test kit every service's tests use: launch a service binary, its PKI files,
        // the test's directory, GET /metrics, the Slack simulator.
        .target(
            name: "PalisadeServiceTestSupport",
            dependencies: [
                "PalisadeTestSupport", "PalisadeTLS", "PalisadeRPC", "PalisadeService", "PalisadeHTTPClient",
                "PalisadeSlackSimulator", logging,
            ],
            path: "Tests/PalisadeServiceTestSupport",
            swiftSettings: strict
        ),
        // The simulators' HTTPS tests' setup: a test PKI, a started server, a client trusting it.
        .target(
            name: "PalisadeSimulatorTestSupport",
            dependencies: ["PalisadeSlackSimulator", "PalisadeTLS", "PalisadeHTTPClient", logging],
            path: "Tests/PalisadeSimulatorTestSupport",
            swiftSettings: strict
        ),
        testTarget(
            "PalisadeServiceTestSupportTests",
            ["PalisadeServiceTestSupport", "PalisadeTLS", "PalisadeRPC", "PalisadeService", "PalisadeHTTPClient", logging]),
        testTarget("PalisadeNetTests", ["PalisadeNet"]),
        testTarget("PalisadeJSONTests", ["PalisadeJSON"]),
        testTarget("PalisadeEnrichmentTests", ["PalisadeEnrichment", "PalisadeMessages", "PalisadeNet", "PalisadeTestSupport"]),
        testTarget("PalisadeGeoIPTests", ["PalisadeGeoIP", "PalisadeNet", "PalisadeTestSupport", "PalisadeSlackSimulator"]),
        testTarget("PalisadeWireTests", ["PalisadeWire", "PalisadeTestSupport"]),
        testTarget("PalisadeHTTP1Tests", ["PalisadeHTTP1"]),
        testTarget("PalisadeHTTP2Tests", ["PalisadeHTTP2", "PalisadeTestSupport"]),
        testTarget("PalisadeTLSTests", ["PalisadeTLS", "PalisadeTestSupport"]),
        testTarget(
            "PalisadeRPCTests",
            [
                "PalisadeRPC", "PalisadeEcho", "PalisadeTLS", "PalisadeWire", "PalisadeHTTP2", "PalisadeService", "PalisadeTestSupport",
                "PalisadeHTTPClient",
                logging,
            ]),
        testTarget(
            "PalisadeHTTPClientTests",
            ["PalisadeHTTPClient", "PalisadeRPC", "PalisadeTLS", "PalisadeWire", "PalisadeTestSupport", logging]),
        testTarget(
            "PalisadeIdentitySimulatorTests",
            [
                "PalisadeIdentitySimulator", "PalisadeSlackSimulator", "PalisadeTestSupport", "PalisadeRPC", "PalisadeTLS",
                "PalisadeHTTPClient", "PalisadeJSON", "PalisadeSimulatorTestSupport", logging,
            ]),
        testTarget(
            "PalisadeIdentityServiceTests",
            ["PalisadeIdentityService", "PalisadeMessages", "PalisadeWire", "PalisadeRPC", "PalisadeTestSupport", logging]),
        // Both identity services held to one contract, each against its simulator (real processes).
        testTarget(
            "IdentityConformanceTests",
            [
                "PalisadeServiceTestSupport", "PalisadeIdentitySimulator", "PalisadeSlackSimulator", "PalisadeMessages", "PalisadeRPC",
                "PalisadeTLS", "PalisadeWire", "PalisadeTestSupport", "PalisadeService", "PalisadeHTTPClient", logging,
            ]),
        testTarget("PalisadeStorageTests", ["PalisadeStorage", "PalisadeTestSupport", grdb]),
        testTarget(
            "PalisadeServiceTests",
            ["PalisadeService", "PalisadeRPC", "PalisadeHTTPClient", "PalisadeTestSupport", "PalisadeWire", logging]),
        testTarget("PalisadeMessagesTests", ["PalisadeMessages", "PalisadeWire", "PalisadeTestSupport"]),
        testTarget(
            "PalisadeNormaliserTests",
            [
                "PalisadeNormaliser", "PalisadeMessages", "PalisadeJSON", "PalisadeNet", "PalisadeWire", "PalisadeTestSupport",
                "PalisadeSlackSimulator",
            ]),
        testTarget(
            "PalisadeDetectionEngineTests",
            [
                "PalisadeDetectionEngine", "PalisadeMessages", "PalisadePolicies", "PalisadeWire", "PalisadeNormaliser",
                "PalisadeSlackSimulator", "PalisadeGeoIP", "PalisadeNet", "PalisadeTestSupport",
            ]),
        testTarget(
            "PalisadePoliciesTests",
            [
                "PalisadePolicies", "PalisadeMessages", "PalisadeNet", "PalisadeNormaliser", "PalisadeSlackSimulator",
                "PalisadeSlackCatalogue", "PalisadeTestSupport",
            ]),
        testTarget(
            "PalisadeSlackSimulatorTests",
            [
                "PalisadeSlackSimulator", "PalisadeSlackCatalogue", "PalisadeRPC", "PalisadeTLS", "PalisadeHTTPClient",
                "PalisadeSimulatorTestSupport", logging,
            ]),
        testTarget(
            "PalisadeCLITests",
            [
                "PalisadeCLI", "PalisadeMessages", "PalisadeWire", "PalisadeTLS", "PalisadeRPC", "PalisadeTestSupport", "PalisadePolicies",
                "PalisadeSlackSimulator", "PalisadeFileDetection", "PalisadeDetectionEngine", "PalisadeEnrichment", "PalisadeNet",
                "PalisadeIdentityService", argumentParser, logging,
            ]),
    ] + services.flatMap(\.targets)
)
