// swift-tools-version:6.1
//
// Stand-alone comparison peer for Palisade's transport benchmarks.
// Deliberately NOT referenced from the main /work/main/Package.swift and never built by CI:
// it pulls in grpc-swift-2 + SwiftNIO, which take ~14 minutes to build in release mode.

import PackageDescription

let package = Package(
    name: "GRPCSwiftPeer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "grpc-peer", targets: ["GRPCPeer"])
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .executableTarget(
            name: "GRPCPeer",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            path: "Sources/GRPCPeer",
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    ]
)
