import PalisadeHTTPClient
import PalisadeRPC
import PalisadeServiceTestSupport
import PalisadeWire
import SampleCore
import Testing

/// The real `palisade-sample` over mutual TLS, as every service's process test starts.
@Suite("palisade-sample process")
struct SampleProcessTests {
    @Test("an operator adds notes and streams them back; others are refused; /metrics counts; SIGTERM exits 0")
    func notes() async throws {
        let executable = try #require(ServiceProcess.locate("palisade-sample"), "run `swift build` first")
        try await ServiceTestScope.with(prefix: "sample") { scope in
            let mesh = try MeshPKI(directory: scope.directory)
            let config = try scope.write(
                "sample.yaml", "tls:\n\(try mesh.files(for: "sample").configSection)\nlisten: 127.0.0.1:0\ndatabase: \(scope.file("db"))")
            let process = scope.process(executable: executable, name: "sample", environmentPrefix: SampleConfiguration.environmentPrefix)
            let port = try await process.launch(config: config)
            let alice = try mesh.rpcClient(port: port, identity: "operator/alice")
            defer { alice.close() }
            for text in ["one", "two"] { _ = try await alice.call(SampleAPI.add, Note(text: text)) }
            let after1 = try await alice.serverStreaming(SampleAPI.list, Note(id: 1, text: "")) { notes in
                try await notes.reduce(into: [Note]()) { $0.append($1) }
            }
            #expect(after1 == [Note(id: 2, text: "two")])
            let detection = try mesh.rpcClient(port: port, identity: "detection")
            defer { detection.close() }
            var refused: RPCError?
            do { _ = try await detection.call(SampleAPI.add, Note(text: "x")) } catch let error as RPCError { refused = error }
            #expect(refused?.code == .permissionDenied)
            let metrics = try await MutualTLSGet.get(port: port, path: "/metrics", identity: try mesh.files(for: "operator/alice"))
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("palisade_sample_notes_added_total 2"))
            #expect(try await process.stop(timeout: .seconds(10))?.status == 0, "\(process.log)")
        }
    }
}
